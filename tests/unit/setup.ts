// Dexie reads indexedDB when it is first imported: the fake must be installed before any test module loads.
import 'fake-indexeddb/auto';
