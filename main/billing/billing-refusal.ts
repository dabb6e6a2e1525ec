/**
 * A billing action the rules refuse (docs/product-rules.md#billing-close, #accounting-exports): the month is already closed, the month before it is
 * not, the month has not ended, an export lacks a setting… The message says what to do; nothing was
 * written. The CLI exits 2 with it; the handler table answers 'invalid-argument' with the message under
 * '_' (the request as a whole). `field` names the argument it concerns, for callers that want it.
 */
export class BillingRefusal extends Error {
  constructor(
    message: string,
    readonly field: string = 'period',
  ) {
    super(message);
    this.name = 'BillingRefusal';
  }
}
