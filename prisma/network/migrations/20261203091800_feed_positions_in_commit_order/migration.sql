-- Written by hand (Prisma does not model triggers). Feeds read by position (README, "Event feeds"):
-- the same function in every database that has a feed.
--
-- A feed row's position comes from a sequence, and transactions commit in any order: without this,
-- a reader could see position 8 committed while 7 is still open, move its cursor past 7 and never
-- see it. So every INSERT into a feed first takes the feed's transaction-scoped advisory lock,
-- before its rows draw their positions (a statement-level BEFORE trigger fires before the statement
-- evaluates anything, column defaults included). The lock is released only after the transaction's
-- commit (or rollback) is visible: the next writer draws a higher position only once every lower
-- one is visible or gone, so positions become visible in order and `position > cursor` misses
-- nothing. Writers queue only from their feed INSERT to their commit: append to a feed last.
CREATE FUNCTION feed_position_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(72707372, TG_RELID::int4);
  RETURN NULL;
END;
$$;

CREATE TRIGGER referral_event_position_in_commit_order BEFORE INSERT ON "referral_event"
  FOR EACH STATEMENT EXECUTE FUNCTION feed_position_in_commit_order();
