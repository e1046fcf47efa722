/**
 * Firefox's built-in data consent (manifest `browser_specific_settings.gecko.data_collection_permissions`,
 * Firefox 140+). Usage events are the optional "technicalAndInteraction" data: when the rep ticks
 * usage sharing, Firefox is asked too, and events are recorded only while both say yes. A rep can
 * take the Firefox permission back in the add-ons manager; then nothing more is recorded.
 *
 * Chrome has no such permission: the options page consent is the whole of it there. Older Firefox
 * (before 140) rejects the unknown `data_collection` key: the in-app consent and disclosure stand.
 */
export const USAGE_DATA_COLLECTION = ['technicalAndInteraction'] as const;

type DataCollectionRequest = { data_collection: string[] };

export interface DataCollectionPermissions {
  request(permissions: DataCollectionRequest): Promise<boolean>;
  contains(permissions: DataCollectionRequest): Promise<boolean>;
  remove(permissions: DataCollectionRequest): Promise<boolean>;
}

const usage = (): DataCollectionRequest => ({ data_collection: [...USAGE_DATA_COLLECTION] });

/** An engine without data-collection permissions says so by rejecting the key. */
function unsupported(error: unknown): boolean {
  return /data_collection|unexpected property|type error/i.test((error as Error)?.message ?? '');
}

/**
 * Must be the first await of a click handler: Firefox shows its prompt only for a user action.
 * Resolves false when the rep declines in Firefox's prompt.
 */
export async function askForUsageCollection(permissions: DataCollectionPermissions | undefined): Promise<boolean> {
  if (!permissions) return true;
  try {
    return await permissions.request(usage());
  } catch (error) {
    if (unsupported(error)) return true;
    throw error;
  }
}

export async function usageCollectionGranted(permissions: DataCollectionPermissions | undefined): Promise<boolean> {
  if (!permissions) return true;
  try {
    return await permissions.contains(usage());
  } catch (error) {
    return unsupported(error);
  }
}

export async function dropUsageCollection(permissions: DataCollectionPermissions | undefined): Promise<void> {
  if (!permissions) return;
  await permissions.remove(usage()).catch(() => undefined);
}
