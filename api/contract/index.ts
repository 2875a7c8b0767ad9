export * from './errors';
export * from './districts';
export * from './housing-reports';
export * from './staff';
export * from './dashboard';
export * from './open311';
export * from './alerts';
export * from './content-studio';
