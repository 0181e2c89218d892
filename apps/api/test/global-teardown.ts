export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __ZIBO_TEST_PG__?: { stop(): Promise<void> } }).__ZIBO_TEST_PG__;
  await embedded?.stop();
}
