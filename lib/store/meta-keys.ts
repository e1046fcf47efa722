/**
 * Rows of the `meta` table that several modules read and write. One list, so a wipe, a rebuild
 * and the code that owns each row agree on its key.
 */
/** The hub's change-log position; written in the same transaction as each synced page. */
export const CURSOR_KEY = 'sync:cursor';
/** Whose feed the cursor belongs to (`<hub url> <user id>`): another user's feed starts from zero. */
export const CURSOR_USER_KEY = 'sync:cursor-user';
/** The import journal (import-journal.ts). */
export const IMPORT_JOURNAL_KEY = 'importJournal';
/** The hub token (lib/settings/stores.ts): kept here, never in storage.local, never returned by a message. */
export const HUB_TOKEN_META_KEY = 'hubToken';
/** The company sign-in's tokens (hub-session.ts): kept like the hub token, never returned by a message. */
export const HUB_SESSION_META_KEY = 'hubSession';
/** The CRM host the rep last used per system (leads.ts): "open this lead in your CRM". */
export const CRM_ORIGINS_KEY = 'crm:origins';
/** Who the hub says the rep is (GET /v1/me), kept with the hub's other state: finds the rep's leads. */
export const HUB_IDENTITY_KEY = 'hub:identity';
