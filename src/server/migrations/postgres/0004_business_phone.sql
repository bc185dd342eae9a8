-- Issue 16: the business's WhatsApp number a consent covers (a site may list several contacts). Records
-- delivered before it, or by older widgets, have none.
ALTER TABLE consents ADD COLUMN business_phone TEXT;
