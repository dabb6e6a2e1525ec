/** `{Entity}/entityInformation` and `/fields` bodies (picklist values are strings on the wire). */
import type { EntityDef } from './entity-schema';

export function entityInfo(def: EntityDef): Record<string, unknown> {
  return {
    info: {
      name: def.singular,
      canCreate: def.canCreate,
      canDelete: def.canDelete,
      canQuery: true,
      canUpdate: def.canUpdate,
      userAccessForCreate: def.canCreate ? 'All' : 'None',
      userAccessForDelete: def.canDelete ? 'All' : 'None',
      userAccessForQuery: 'All',
      userAccessForUpdate: def.canUpdate ? 'All' : 'None',
      hasUserDefinedFields: def.hasUserDefinedFields,
      supportsWebhookCallouts: def.supportsWebhookCallouts,
    },
  };
}

export function entityFields(def: EntityDef): Record<string, unknown> {
  return {
    fields: def.fields
      .filter((f) => f.type !== 'array')
      .map((f) => ({
        name: f.name,
        dataType: f.type,
        length: f.length,
        isRequired: f.isRequired,
        isReadOnly: f.isReadOnly,
        isQueryable: f.isQueryable,
        isReference: f.referenceEntityType !== '',
        referenceEntityType: f.referenceEntityType,
        isPickList: f.picklist !== null,
        picklistValues: f.picklist ? f.picklist.map((v) => ({ ...v })) : null,
        picklistParentValueField: '',
        isSupportedWebhookField: false,
      })),
  };
}
