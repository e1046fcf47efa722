export * from './data';
export * from './usage';
export * from './hub';
export * from './prospect-ref';
export * from './messages';
