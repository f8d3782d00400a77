-- The back office finds tickets by a fragment of their code (3+ characters).
CREATE INDEX tickets_code_trgm_idx ON tickets USING gin (code gin_trgm_ops);
