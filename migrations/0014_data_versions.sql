CREATE TABLE "data_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Written by hand: each transaction that changes a table a cached answer is built from raises
-- that answer family's version once, at commit (a deferred trigger takes the counter's row lock
-- last, so writers never deadlock on it; a transaction-local setting skips the rows after the first).
INSERT INTO "data_versions" ("name", "version") VALUES ('calendar', 0);--> statement-breakpoint
CREATE FUNCTION "bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  flag text := 'hopso.bumped_' || TG_ARGV[0];
BEGIN
  IF coalesce(current_setting(flag, true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config(flag, 'on', true);
  UPDATE "data_versions" SET "version" = "version" + 1 WHERE "name" = TG_ARGV[0];
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "meetings_calendar_version" AFTER INSERT OR UPDATE OR DELETE ON "meetings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_data_version"('calendar');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "meeting_invitees_calendar_version" AFTER INSERT OR UPDATE OR DELETE ON "meeting_invitees" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_data_version"('calendar');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "bodies_calendar_version" AFTER INSERT OR UPDATE OR DELETE ON "bodies" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_data_version"('calendar');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "units_calendar_version" AFTER INSERT OR UPDATE OR DELETE ON "units" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_data_version"('calendar');
