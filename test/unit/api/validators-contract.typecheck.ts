// Type-level test, compiled by `npm run typecheck` (tsc), not run by vitest: a validator that drifts
// from shared/api-contract.ts must not compile. Each `@ts-expect-error` fails the typecheck if the line
// below it ever compiles (TS2578: unused directive), so these cases can fail.
import { z } from 'zod';
import { isoDate, validators, type ContractValidators } from '../../../main/api/validators';

// The real table satisfies the contract.
export const real = validators satisfies ContractValidators;

// A renamed field: the contract's `rate` became `amount` in the schema.
const renamed = { ...validators, 'rates:set': z.strictObject({ amount: z.string(), from: isoDate }) };
// @ts-expect-error — 'rate' is missing from the schema's output
export const renamedFails = renamed satisfies ContractValidators;

// A retyped field: `from` parsed as a number where the contract says a 'YYYY-MM-DD' string.
const retyped = { ...validators, 'rates:set': z.strictObject({ rate: z.string(), from: z.number() }) };
// @ts-expect-error — number is not string
export const retypedFails = retyped satisfies ContractValidators;

// A channel of the contract without a schema.
const { 'rates:list': _dropped, ...missing } = validators;
// @ts-expect-error — 'rates:list' is missing
export const missingFails = missing satisfies ContractValidators;
