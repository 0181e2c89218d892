/** Unit tests: pure code beside its source, no database. */
module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // canonicalize, file-type (with its helpers) and otplib's base32 and hash helpers (@scure, @noble, reached
  // through otplib's own packages) ship
  // only ES modules: compile them like our own code.
  transformIgnorePatterns: [
    '/node_modules/(?!(openid-client|oauth4webapi|jose|canonicalize|file-type|strtok3|token-types|peek-readable|@tokenizer|uint8array-extras|@borewit|otplib|@otplib|@scure|@noble)/)',
  ],
  moduleNameMapper: {
    '^canonicalize$': '<rootDir>/../../node_modules/canonicalize/lib/canonicalize.js',
    // exceljs pulls these in; their `module-sync` builds (chosen for file-type below) are ES modules.
    '^generator-function$': '<rootDir>/../../node_modules/generator-function/index.js',
    '^async-function$': '<rootDir>/../../node_modules/async-function/index.js',
  },
  testEnvironmentOptions: { customExportConditions: ['node', 'require', 'module-sync', 'default'] },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/api',
};
