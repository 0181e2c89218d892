const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// Packages that ship only ES modules cannot be `require`d at run time; webpack bundles them.
const BUNDLED_PACKAGES = ['canonicalize'];

/** Everything from node_modules stays external (loaded at run time), except the ESM-only ones. */
function externalUnlessBundled({ request }, callback) {
  const isPackage =
    /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*/.test(request ?? '') && !request.startsWith('.');
  const isWorkspaceLib = request?.startsWith('@zibo/');
  const mustBundle = BUNDLED_PACKAGES.some((name) => request === name || request.startsWith(`${name}/`));
  if (isPackage && !isWorkspaceLib && !mustBundle) {
    return callback(null, `commonjs ${request}`);
  }
  callback();
}

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  externals: [externalUnlessBundled],
  resolve: {
    // canonicalize exports only an `import` condition, which a CommonJS bundle does not ask for.
    alias: { canonicalize: join(__dirname, '../../node_modules/canonicalize/lib/canonicalize.js') },
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      additionalEntryPoints: [
        { entryName: 'cli', entryPath: './src/cli.ts' },
        // Offline verifier of audit exports (npm run audit:verify): no database, no Nest.
        { entryName: 'verify-cli', entryPath: './src/verify-cli.ts' },
        // npm run seed:scale: a city's worth of history through COPY, with the api's own chain code.
        { entryName: 'scale-seed-cli', entryPath: './src/scale-seed-cli.ts' },
        // npm run cluster: PostgreSQL, N api processes and nginx as the load balancer.
        { entryName: 'cluster', entryPath: './src/cluster-cli.ts' },
      ],
      tsConfig: './tsconfig.app.json',
      assets: [
        './src/assets',
        // The Chinese font for PDFs travels with the bundle: deployments need no font package.
        {
          input: '../../node_modules/@fontsource/noto-sans-sc/files',
          glob: 'noto-sans-sc-chinese-simplified-400-normal.woff',
          output: 'assets/fonts',
        },
      ],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      externalDependencies: 'none',
      mergeExternals: true,
      sourceMap: true,
    }),
  ],
};
