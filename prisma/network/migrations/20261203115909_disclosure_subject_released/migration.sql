-- Whether an entry released anything of this owner's records of this survivor. An owner other than
-- the survivor's own organisation reads only releases of what it holds (who saw it), never the
-- refusals: a refused attempt would tell it of another organisation's dealings with the survivor.
ALTER TABLE "disclosure_subject" ADD COLUMN     "released" BOOLEAN NOT NULL DEFAULT true;

-- Rows written before this column: derived from the entry they index (the index is derived data;
-- the ledger entries themselves are not touched). The append-only guard is lifted for this one
-- statement, inside the migration's transaction.
ALTER TABLE "disclosure_subject" DISABLE TRIGGER disclosure_subject_append_only;
UPDATE "disclosure_subject" AS s SET "released" = EXISTS (
  SELECT 1
  FROM "ledger_entry" AS e, jsonb_array_elements(e."payload" -> 'items') AS item
  WHERE e."seq" = s."ledger_seq"
    AND item ->> 'survivorId' = s."survivor_id"::text
    AND (item ->> 'ownerOrganizationId') IS NOT DISTINCT FROM s."owner_organization_id"::text
    AND (item ->> 'released')::boolean
);
ALTER TABLE "disclosure_subject" ENABLE TRIGGER disclosure_subject_append_only;
