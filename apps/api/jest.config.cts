/** Unit tests: pure code beside its source, no database. */
module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // canonicalize ships only ES modules: compile it like our own code.
  transformIgnorePatterns: ['/node_modules/(?!canonicalize/)'],
  moduleNameMapper: { '^canonicalize$': '<rootDir>/../../node_modules/canonicalize/lib/canonicalize.js' },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/api',
};
