/** The If-Match header every PATCH needs: the strong ETag `"<version>"` of the record as the user saw it. */
export function ifMatch(version: number): { 'If-Match': string } {
  return { 'If-Match': `"${version}"` };
}
