-- CreateTable
CREATE TABLE "ledger_entry" (
    "seq" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "actor_id" VARCHAR(255) NOT NULL,
    "organization_id" UUID,
    "survivor_id" UUID,
    "payload" JSONB NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "ledger_entry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ledger_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ledger_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ledger_entry_survivor_id_idx" ON "ledger_entry"("survivor_id");

-- Added by hand: the ledger is append-only. Tampering needs a superuser who disables this
-- trigger, and then the hash chain and the head checkpoint give it away.
CREATE FUNCTION ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the disclosure ledger is append-only';
END;
$$;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON "ledger_entry"
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only();
ALTER TABLE "ledger_head" ADD CONSTRAINT "ledger_head_single_row" CHECK ("id" = 1);
