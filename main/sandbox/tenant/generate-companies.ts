/** Companies: id 0 is the MSP itself (a real record — never "missing"), then the customers. */
import { ENTITIES } from '../entity-schema';
import type { Row } from '../entity-table';
import { emptyRow } from '../record-codec';
import { DAY_MS } from '../date-format';
import { CITIES, DEMO_COMPANY_NAMES, NAME_PARTS_A, NAME_PARTS_B, NAME_SUFFIXES, STREETS } from './name-pools';
import { MSP_OWNER_RESOURCE, resourceIds, type GenContext } from './tenant-spec';

const def = ENTITIES.Companies;

export function mspCompany(anchorMs: number): Row {
  const row = emptyRow(def);
  Object.assign(row, {
    id: 0,
    companyName: 'Sandbox MSP Pty Ltd',
    companyNumber: '0',
    companyType: 8,
    isActive: true,
    phone: '02 9000 0000',
    address1: '1 George St',
    city: 'Sydney',
    state: 'NSW',
    postalCode: '2000',
    countryID: 13,
    webAddress: 'https://msp.example.invalid',
    ownerResourceID: MSP_OWNER_RESOURCE,
    currencyID: 1,
    billToAddressToUse: 1,
    invoiceNonContractItemsToParentCompany: false,
    isClientPortalActive: false,
    isEnabledForComanaged: false,
    isTaskFireActive: false,
    isTaxExempt: false,
    createDate: anchorMs - 3000 * DAY_MS,
    lastActivityDate: anchorMs - DAY_MS,
    lastTrackedModifiedDateTime: anchorMs - 400 * DAY_MS,
  });
  return row;
}

function companyName(ctx: GenContext, index: number): string {
  if (index < DEMO_COMPANY_NAMES.length) return DEMO_COMPANY_NAMES[index]!;
  const p = ctx.prng;
  const suffix = p.pick(NAME_SUFFIXES);
  return `${p.pick(NAME_PARTS_A)} ${p.pick(NAME_PARTS_B)}${suffix ? ' ' + suffix : ''} ${String(index).padStart(4, '0')}`;
}

export function generateCompanies(ctx: GenContext): Row[] {
  const { prng: p, anchorMs, spec } = ctx;
  const owners = resourceIds(Math.min(spec.resources, 5));
  const rows: Row[] = [mspCompany(anchorMs)];
  let id = 174;
  for (let i = 0; i < spec.companies; i++) {
    id += p.int(1, 9);
    const [city, state, postal] = p.pick(CITIES);
    const name = companyName(ctx, i);
    const created = anchorMs - p.int(60, 2500) * DAY_MS - p.int(0, 86_399) * 1000;
    const row = emptyRow(def);
    // The first companies are scenario customers and always active customers.
    const companyType = i < 2 ? 1 : p.chance(0.85) ? 1 : p.pick([2, 3, 7]);
    Object.assign(row, {
      id,
      companyName: name,
      companyNumber: `C${id}`,
      companyType,
      isActive: i < 2 ? true : p.chance(0.92),
      phone: `0${p.int(2, 8)} ${p.int(1000, 9999)} ${p.int(1000, 9999)}`,
      fax: p.chance(0.2) ? `0${p.int(2, 8)} ${p.int(1000, 9999)} ${p.int(1000, 9999)}` : null,
      address1: `${p.int(1, 400)} ${p.pick(STREETS)}`,
      address2: p.chance(0.3) ? `Level ${p.int(1, 30)}` : null,
      city,
      state,
      postalCode: postal,
      countryID: 13,
      webAddress: p.chance(0.7) ? `https://www.example-${id}.invalid` : null,
      taxID: p.chance(0.6) ? `${p.int(10, 99)} ${p.int(100, 999)} ${p.int(100, 999)} ${p.int(100, 999)}` : null,
      ownerResourceID: p.pick(owners),
      currencyID: 1,
      billToAddressToUse: 1,
      invoiceNonContractItemsToParentCompany: false,
      isClientPortalActive: p.chance(0.3),
      isEnabledForComanaged: false,
      isTaskFireActive: false,
      isTaxExempt: p.chance(0.05),
      createDate: created,
      createdByResourceID: p.pick(owners),
      lastActivityDate: anchorMs - p.int(1, 45) * DAY_MS + p.int(0, 86_399) * 1000,
      lastTrackedModifiedDateTime: created + p.int(0, 50) * DAY_MS,
    });
    rows.push(row);
  }
  return rows;
}
