-- The auction event log is append-only, like audit_log: the application may insert events, never
-- change or remove them (a test disables this trigger on purpose to prove tampering is detected).
CREATE OR REPLACE FUNCTION auction_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'auction_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER auction_events_no_update BEFORE UPDATE OR DELETE ON auction_events FOR EACH ROW EXECUTE FUNCTION auction_events_append_only();
--> statement-breakpoint
CREATE TRIGGER auction_events_no_truncate BEFORE TRUNCATE ON auction_events FOR EACH STATEMENT EXECUTE FUNCTION auction_events_append_only();
