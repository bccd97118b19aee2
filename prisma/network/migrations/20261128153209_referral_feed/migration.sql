-- CreateTable
CREATE TABLE "outbox_consumer" (
    "name" VARCHAR(60) NOT NULL,
    "position" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_consumer_pkey" PRIMARY KEY ("name")
);
