-- CreateTable
CREATE TABLE "disclosure_subject" (
    "id" BIGSERIAL NOT NULL,
    "ledger_seq" BIGINT NOT NULL,
    "survivor_id" UUID NOT NULL,
    "owner_organization_id" UUID,

    CONSTRAINT "disclosure_subject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disclosure_request" (
    "request_id" VARCHAR(128) NOT NULL,
    "ledger_seq" BIGINT NOT NULL,

    CONSTRAINT "disclosure_request_pkey" PRIMARY KEY ("request_id")
);

-- CreateTable
CREATE TABLE "override_notice" (
    "id" UUID NOT NULL,
    "owner_organization_id" UUID NOT NULL,
    "survivor_id" UUID,
    "ledger_seq" BIGINT NOT NULL,
    "caller_organization_id" UUID NOT NULL,
    "actor_kind" VARCHAR(10) NOT NULL,
    "actor_id" VARCHAR(255) NOT NULL,
    "justification" VARCHAR(2000) NOT NULL,
    "categories" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_member_id" UUID,

    CONSTRAINT "override_notice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "disclosure_subject_survivor_id_ledger_seq_idx" ON "disclosure_subject"("survivor_id", "ledger_seq" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "disclosure_subject_ledger_seq_survivor_id_owner_organizatio_key" ON "disclosure_subject"("ledger_seq", "survivor_id", "owner_organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "disclosure_request_ledger_seq_key" ON "disclosure_request"("ledger_seq");

-- CreateIndex
CREATE INDEX "override_notice_owner_organization_id_ledger_seq_idx" ON "override_notice"("owner_organization_id", "ledger_seq" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "override_notice_ledger_seq_owner_organization_id_survivor_i_key" ON "override_notice"("ledger_seq", "owner_organization_id", "survivor_id");

-- AddForeignKey
ALTER TABLE "disclosure_subject" ADD CONSTRAINT "disclosure_subject_ledger_seq_fkey" FOREIGN KEY ("ledger_seq") REFERENCES "ledger_entry"("seq") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "disclosure_request" ADD CONSTRAINT "disclosure_request_ledger_seq_fkey" FOREIGN KEY ("ledger_seq") REFERENCES "ledger_entry"("seq") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "override_notice" ADD CONSTRAINT "override_notice_ledger_seq_fkey" FOREIGN KEY ("ledger_seq") REFERENCES "ledger_entry"("seq") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Added by hand: the index rows of the ledger are as append-only as the ledger itself, and a
-- notice to an owner can be acknowledged but never removed.
CREATE FUNCTION disclosure_index_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER disclosure_subject_append_only BEFORE UPDATE OR DELETE ON "disclosure_subject"
  FOR EACH ROW EXECUTE FUNCTION disclosure_index_append_only();
CREATE TRIGGER disclosure_request_append_only BEFORE UPDATE OR DELETE ON "disclosure_request"
  FOR EACH ROW EXECUTE FUNCTION disclosure_index_append_only();
CREATE TRIGGER override_notice_kept BEFORE DELETE ON "override_notice"
  FOR EACH ROW EXECUTE FUNCTION disclosure_index_append_only();
ALTER TABLE "override_notice" ADD CONSTRAINT "override_notice_actor_kind" CHECK ("actor_kind" IN ('member', 'client'));
ALTER TABLE "override_notice" ADD CONSTRAINT "override_notice_categories" CHECK (cardinality("categories") >= 1);
ALTER TABLE "override_notice" ADD CONSTRAINT "override_notice_acknowledged" CHECK (("acknowledged_at" IS NULL) = ("acknowledged_by_member_id" IS NULL));
