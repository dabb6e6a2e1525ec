/**
 * Wire schema of the sandbox entities: field names, order and types exactly as the reference
 * (`reference/autotask-entities.json`, from the published Swagger, camel-cased the .NET way), plus the
 * metadata `entityInformation/fields` reports (picklists, read-only, references).
 * Field order here is the order records are serialised in.
 */
export type FieldType = 'long' | 'integer' | 'double' | 'string' | 'datetime' | 'boolean' | 'array';

export const ENTITY_NAMES = ['Companies', 'Contracts', 'ContractServices', 'Services', 'ContractServiceUnits', 'TimeEntries', 'BillingItems'] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

const FIELD_TABLE: Record<EntityName, string> = {
  Companies: `id:long additionalAddressInformation:string address1:string address2:string alternatePhone1:string
    alternatePhone2:string apiVendorID:integer assetValue:double billToCompanyLocationID:integer
    billToAdditionalAddressInformation:string billingAddress1:string billingAddress2:string
    billToAddressToUse:integer billToAttention:string billToCity:string billToCountryID:integer
    billToState:string billToZipCode:string city:string classification:integer companyName:string
    companyNumber:string companyType:integer competitorID:integer countryID:integer createDate:datetime
    createdByResourceID:integer currencyID:integer fax:string impersonatorCreatorResourceID:integer
    invoiceEmailMessageID:integer invoiceMethod:integer invoiceNonContractItemsToParentCompany:boolean
    invoiceTemplateID:integer isActive:boolean isClientPortalActive:boolean
    isEnabledForComanaged:boolean isTaskFireActive:boolean isTaxExempt:boolean lastActivityDate:datetime
    lastTrackedModifiedDateTime:datetime marketSegmentID:integer ownerResourceID:integer
    parentCompanyID:integer phone:string postalCode:string quoteEmailMessageID:integer
    quoteTemplateID:integer sicCode:string state:string stockMarket:string stockSymbol:string
    surveyCompanyRating:double taxID:string taxRegionID:integer territoryID:integer webAddress:string
    userDefinedFields:array`,
  Contracts: `id:long billingPreference:integer billToCompanyContactID:integer billToCompanyID:integer
    companyID:integer contactID:integer contactName:string contractCategory:integer
    contractExclusionSetID:integer contractName:string contractNumber:string contractPeriodType:integer
    contractType:integer description:string endDate:datetime estimatedCost:double estimatedHours:double
    estimatedRevenue:double exclusionContractID:long internalCurrencyOverageBillingRate:double
    internalCurrencySetupFee:double isCompliant:boolean isDefaultContract:boolean opportunityID:integer
    organizationalLevelAssociationID:integer overageBillingRate:double purchaseOrderNumber:string
    renewedContractID:long serviceLevelAgreementID:integer setupFee:double setupFeeBillingCodeID:long
    startDate:datetime status:integer timeReportingRequiresStartAndStopTimes:integer
    userDefinedFields:array`,
  ContractServices: `id:long contractID:integer internalCurrencyAdjustedPrice:double internalCurrencyUnitPrice:double
    internalDescription:string invoiceDescription:string quoteItemID:long serviceID:integer
    unitCost:double unitPrice:double userDefinedFields:array`,
  Services: `id:long billingCodeID:integer createDate:datetime creatorResourceID:integer description:string
    invoiceDescription:string isActive:boolean lastModifiedDate:datetime markupRate:double name:string
    periodType:integer serviceLevelAgreementID:long unitCost:double unitPrice:double
    updateResourceID:integer vendorCompanyID:integer userDefinedFields:array`,
  ContractServiceUnits: `id:long approveAndPostDate:datetime contractID:integer contractServiceID:integer cost:double
    endDate:datetime internalCurrencyPrice:double organizationalLevelAssociationID:integer price:double
    serviceID:integer startDate:datetime units:integer vendorCompanyID:integer soapParentPropertyId:long
    userDefinedFields:array`,
  TimeEntries: `id:long billingApprovalDateTime:datetime billingApprovalLevelMostRecent:integer
    billingApprovalResourceID:integer billingCodeID:integer contractID:integer
    contractServiceBundleID:long contractServiceID:long createDateTime:datetime creatorUserID:integer
    dateWorked:datetime endDateTime:datetime hoursToBill:double hoursWorked:double
    impersonatorCreatorResourceID:integer impersonatorUpdaterResourceID:integer
    internalBillingCodeID:integer internalNotes:string isNonBillable:boolean
    lastModifiedDateTime:datetime lastModifiedUserID:integer offsetHours:double resourceID:integer
    roleID:integer showOnInvoice:boolean startDateTime:datetime summaryNotes:string taskID:integer
    ticketID:integer timeEntryType:integer userDefinedFields:array`,
  BillingItems: `id:long accountManagerWhenApprovedID:integer billingCodeID:integer billingItemType:integer
    companyID:integer configurationItemID:long contractChargeID:long contractID:integer
    description:string expenseItemID:integer extendedPrice:double internalCurrencyExtendedPrice:double
    internalCurrencyRate:double internalCurrencyTaxDollars:double internalCurrencyTotalAmount:double
    invoiceID:integer itemApproverID:integer itemDate:datetime itemName:string
    lineItemFullDescription:string lineItemGroupDescription:string lineItemID:long milestoneID:long
    nonBillable:integer organizationalLevelAssociationID:integer ourCost:double postedDate:datetime
    postedOnTime:datetime projectChargeID:long projectID:integer purchaseOrderNumber:string
    quantity:double rate:double roleID:integer serviceBundleID:long serviceID:long subType:integer
    taskID:integer taxDollars:double ticketChargeID:long ticketID:integer timeEntryID:integer
    totalAmount:double vendorID:long webServiceDate:datetime userDefinedFields:array`,
};

export interface PicklistValue {
  value: string; // a STRING on the wire even though the field itself is an integer
  label: string;
  isDefaultValue: boolean;
  sortOrder: number;
  parentValue: string;
  isActive: boolean;
  isSystem: boolean;
}

export interface FieldDef {
  name: string;
  type: FieldType;
  isRequired: boolean;
  isReadOnly: boolean;
  isQueryable: boolean;
  referenceEntityType: string;
  picklist: PicklistValue[] | null;
  length: number;
}

export interface EntityDef {
  name: EntityName;
  /** Singular name used in error texts ("Unable to find X in the TimeEntry Entity"). */
  singular: string;
  fields: FieldDef[];
  byName: Map<string, FieldDef>;
  /** lower-cased name → canonical field, for case-insensitive filters and IncludeFields. */
  byLowerName: Map<string, FieldDef>;
  dateFields: string[];
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  hasUserDefinedFields: boolean;
  supportsWebhookCallouts: boolean;
}

const SINGULAR: Record<EntityName, string> = {
  Companies: 'Company',
  Contracts: 'Contract',
  ContractServices: 'ContractService',
  Services: 'Service',
  ContractServiceUnits: 'ContractServiceUnit',
  TimeEntries: 'TimeEntry',
  BillingItems: 'BillingItem',
};

function pl(pairs: Array<[number, string]>, defaultValue?: number): PicklistValue[] {
  return pairs.map(([value, label], i) => ({
    value: String(value),
    label,
    isDefaultValue: value === defaultValue,
    sortOrder: i + 1,
    parentValue: '',
    isActive: true,
    isSystem: true,
  }));
}

// Picklist numbers: contractType 7 = Recurring Service and status 1/0 are documented; the rest are the
// commonly seen values [I] — clients must read them from entityInformation/fields, not hard-code them.
const PERIOD_TYPES = pl(
  [
    [1, 'Monthly'],
    [2, 'Quarterly'],
    [3, 'Semi-Annual'],
    [4, 'Yearly'],
  ],
  1,
);
const PICKLISTS: Partial<Record<EntityName, Record<string, PicklistValue[]>>> = {
  Companies: {
    companyType: pl(
      [
        [1, 'Customer'],
        [2, 'Lead'],
        [3, 'Prospect'],
        [4, 'Dead'],
        [6, 'Cancellation'],
        [7, 'Vendor'],
        [8, 'Partner'],
      ],
      1,
    ),
    billToAddressToUse: pl(
      [
        [1, 'Use Company Address'],
        [2, 'Use Bill To Address'],
      ],
      1,
    ),
  },
  Contracts: {
    status: pl(
      [
        [0, 'Inactive'],
        [1, 'In Effect'],
      ],
      1,
    ),
    contractType: pl(
      [
        [1, 'Time & Materials'],
        [3, 'Fixed Price'],
        [4, 'Block Hours'],
        [6, 'Retainer'],
        [7, 'Recurring Service'],
        [8, 'Per Ticket'],
      ],
      1,
    ),
    contractCategory: pl(
      [
        [1, 'Standard'],
        [2, 'Managed Services'],
        [3, 'Hosting'],
        [4, 'Project'],
      ],
      1,
    ),
    contractPeriodType: PERIOD_TYPES,
    billingPreference: pl(
      [
        [1, 'Manual'],
        [2, 'Immediately'],
        [3, 'Timesheet Approval'],
      ],
      1,
    ),
  },
  Services: { periodType: PERIOD_TYPES },
  TimeEntries: {
    timeEntryType: pl(
      [
        [2, 'Ticket Time'],
        [6, 'Task Time'],
        [7, 'Regular Time'],
      ],
      2,
    ),
  },
  BillingItems: {
    billingItemType: pl([
      [1, 'Labor'],
      [2, 'Labor Adjustment'],
      [3, 'Project Cost'],
      [4, 'Ticket Cost'],
      [5, 'Contract Cost'],
      [6, 'Expense'],
      [7, 'Milestone'],
      [8, 'Recurring Contract Service'],
    ]),
  },
};

const REQUIRED: Partial<Record<EntityName, string[]>> = {
  Companies: ['companyName', 'companyType', 'phone', 'ownerResourceID'],
  Contracts: ['contractName', 'companyID', 'status', 'contractType', 'startDate', 'endDate', 'contractCategory'],
  ContractServices: ['contractID', 'serviceID', 'unitPrice'],
  Services: ['name', 'periodType', 'unitPrice', 'billingCodeID'],
  TimeEntries: ['resourceID', 'dateWorked', 'hoursWorked'],
};

const READ_ONLY: Partial<Record<EntityName, string[]>> = {
  Companies: ['createDate', 'createdByResourceID', 'lastActivityDate', 'lastTrackedModifiedDateTime', 'impersonatorCreatorResourceID'],
  Contracts: ['contractType'],
  Services: ['createDate', 'creatorResourceID', 'lastModifiedDate', 'updateResourceID'],
  TimeEntries: [
    'hoursToBill',
    'createDateTime',
    'creatorUserID',
    'lastModifiedDateTime',
    'lastModifiedUserID',
    'impersonatorCreatorResourceID',
    'impersonatorUpdaterResourceID',
    'billingApprovalLevelMostRecent',
  ],
};

const REFERENCES: Record<string, string> = {
  companyID: 'Company',
  parentCompanyID: 'Company',
  billToCompanyID: 'Company',
  vendorCompanyID: 'Company',
  contractID: 'Contract',
  serviceID: 'Service',
  contractServiceID: 'ContractService',
  resourceID: 'Resource',
  ownerResourceID: 'Resource',
  timeEntryID: 'TimeEntry',
  billingCodeID: 'BillingCode',
};

/** Fields the real API refuses in a filter (documented for Companies.assetValue). */
const NOT_QUERYABLE: Partial<Record<EntityName, string[]>> = { Companies: ['assetValue'] };

const LENGTHS: Record<string, number> = {
  companyName: 100,
  companyNumber: 50,
  phone: 25,
  fax: 25,
  alternatePhone1: 25,
  alternatePhone2: 25,
  address1: 150,
  address2: 150,
  additionalAddressInformation: 100,
  taxID: 50,
  contractName: 100,
  contractNumber: 50,
  contactName: 250,
  description: 2000,
  purchaseOrderNumber: 50,
  name: 100,
  invoiceDescription: 1000,
  internalDescription: 100,
  summaryNotes: 8000,
  internalNotes: 8000,
};

function buildEntity(name: EntityName): EntityDef {
  const required = new Set(REQUIRED[name] ?? []);
  const readOnly = new Set(READ_ONLY[name] ?? []);
  const notQueryable = new Set(NOT_QUERYABLE[name] ?? []);
  const picklists = PICKLISTS[name] ?? {};
  // ContractServiceUnits and BillingItems are query-only entities.
  const allReadOnly = name === 'ContractServiceUnits' || name === 'BillingItems';
  const fields: FieldDef[] = FIELD_TABLE[name]
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => {
      const [fieldName, type] = token.split(':') as [string, FieldType];
      return {
        name: fieldName,
        type,
        isRequired: required.has(fieldName),
        isReadOnly: allReadOnly || fieldName === 'id' || readOnly.has(fieldName),
        isQueryable: fieldName !== 'userDefinedFields' && !notQueryable.has(fieldName),
        referenceEntityType: REFERENCES[fieldName] ?? '',
        picklist: picklists[fieldName] ?? null,
        length: type === 'string' ? (LENGTHS[fieldName] ?? 255) : 0,
      };
    });
  return {
    name,
    singular: SINGULAR[name],
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    byLowerName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
    dateFields: fields.filter((f) => f.type === 'datetime').map((f) => f.name),
    canCreate: !allReadOnly,
    canUpdate: !allReadOnly,
    canDelete: name === 'TimeEntries',
    hasUserDefinedFields: name === 'Companies' || name === 'Contracts' || name === 'Services' || name === 'TimeEntries',
    supportsWebhookCallouts: name === 'Companies',
  };
}

export const ENTITIES: Record<EntityName, EntityDef> = Object.fromEntries(ENTITY_NAMES.map((n) => [n, buildEntity(n)])) as Record<EntityName, EntityDef>;

const ENTITY_BY_LOWER = new Map<string, EntityName>(ENTITY_NAMES.map((n) => [n.toLowerCase(), n]));

/** Case-insensitive REST entity name lookup (paths and the control API). */
export function resolveEntityName(name: string): EntityName | undefined {
  return ENTITY_BY_LOWER.get(name.toLowerCase());
}

export function requireEntity(name: string): EntityDef {
  const resolved = resolveEntityName(name);
  if (!resolved) throw new Error(`Unknown sandbox entity "${name}" (expected one of ${ENTITY_NAMES.join(', ')})`);
  return ENTITIES[resolved];
}
