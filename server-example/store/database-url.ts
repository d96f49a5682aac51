/**
 * Whether a `DATABASE_URL` names PostgreSQL (the only server engine), by its scheme, in any case
 * (`POSTGRES://` is PostgreSQL too). The store, the rate limits and the status bus all ask this,
 * so they always agree on the engine.
 */
export const isPostgresUrl = (url: string | undefined): boolean => url !== undefined && /^postgres(ql)?:\/\//i.test(url);
