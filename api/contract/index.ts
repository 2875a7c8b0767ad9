export * from './errors';
export * from './districts';
export * from './housing-reports';
