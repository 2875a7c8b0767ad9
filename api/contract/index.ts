export * from './errors';
export * from './districts';
