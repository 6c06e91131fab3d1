-- Invoice lines are written in bulk and read in two ways only: by key (idempotent imports,
-- credit notes against their invoice: the primary key) and by period (a publication reads a
-- third of the table or more, where a scan beats an index). The per-date and per-partner
-- indexes cost every import a random B-tree insert per line for reads that never use them:
-- the dashboard reads the frozen publication rows, not the invoice lines.
DROP INDEX invoice_lines_by_date;
DROP INDEX invoice_lines_by_partner;
