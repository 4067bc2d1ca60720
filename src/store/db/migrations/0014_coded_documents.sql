-- Schema 14: what each code holds, per document, kept by the database itself. A theme recounts on
-- every coded passage; reading its codes' documents from `highlights` joined to `documents` on
-- each recount touches every coded row and every document row (tens of milliseconds at 100 000
-- highlights). This table holds, per code and live document, how many anchored passages the
-- document has with that code: a theme reads one compact range per code.
-- Never edit a migration once released: add a new numbered file instead.
CREATE TABLE coded_documents (
    code_id     INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    passages    INTEGER NOT NULL CHECK (passages > 0),
    PRIMARY KEY (code_id, document_id)
) WITHOUT ROWID;
CREATE INDEX coded_documents_document ON coded_documents (document_id);

-- Each trigger recounts the whole of one document from `highlights` and `highlight_codes`, rather
-- than adding or taking one: the result is right whatever order cascades run in, and whatever
-- else changed in the same statement. Only anchored passages of live (untrashed) documents count.
-- A new highlight holds no code yet: the insert of each of its codes recounts its document.

CREATE TRIGGER coded_documents_highlight_update AFTER UPDATE OF document_id, status ON highlights
WHEN OLD.document_id IS NOT NEW.document_id OR OLD.status IS NOT NEW.status
BEGIN
    DELETE FROM coded_documents WHERE document_id IN (OLD.document_id, NEW.document_id);
    INSERT INTO coded_documents (code_id, document_id, passages)
    SELECT hc.code_id, h.document_id, COUNT(*)
    FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
    JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
    WHERE h.document_id IN (OLD.document_id, NEW.document_id) AND h.status = 'anchored'
    GROUP BY hc.code_id, h.document_id;
END;

CREATE TRIGGER coded_documents_highlight_delete AFTER DELETE ON highlights
BEGIN
    DELETE FROM coded_documents WHERE document_id = OLD.document_id;
    INSERT INTO coded_documents (code_id, document_id, passages)
    SELECT hc.code_id, h.document_id, COUNT(*)
    FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
    JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
    WHERE h.document_id = OLD.document_id AND h.status = 'anchored'
    GROUP BY hc.code_id;
END;

CREATE TRIGGER coded_documents_code_insert AFTER INSERT ON highlight_codes
BEGIN
    DELETE FROM coded_documents
    WHERE document_id = (SELECT document_id FROM highlights WHERE id = NEW.highlight_id);
    INSERT INTO coded_documents (code_id, document_id, passages)
    SELECT hc.code_id, h.document_id, COUNT(*)
    FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
    JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
    WHERE h.document_id = (SELECT document_id FROM highlights WHERE id = NEW.highlight_id)
      AND h.status = 'anchored'
    GROUP BY hc.code_id;
END;

CREATE TRIGGER coded_documents_code_update AFTER UPDATE ON highlight_codes
BEGIN
    DELETE FROM coded_documents
    WHERE document_id IN (SELECT document_id FROM highlights
                          WHERE id IN (OLD.highlight_id, NEW.highlight_id));
    INSERT INTO coded_documents (code_id, document_id, passages)
    SELECT hc.code_id, h.document_id, COUNT(*)
    FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
    JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
    WHERE h.document_id IN (SELECT document_id FROM highlights
                            WHERE id IN (OLD.highlight_id, NEW.highlight_id))
      AND h.status = 'anchored'
    GROUP BY hc.code_id, h.document_id;
END;

-- When the highlight itself is gone (a cascade from it or from its document), the highlight
-- trigger above recounts its document; here there is nothing left to find and nothing to do.
CREATE TRIGGER coded_documents_code_delete AFTER DELETE ON highlight_codes
BEGIN
    DELETE FROM coded_documents
    WHERE document_id = (SELECT document_id FROM highlights WHERE id = OLD.highlight_id);
    INSERT INTO coded_documents (code_id, document_id, passages)
    SELECT hc.code_id, h.document_id, COUNT(*)
    FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
    JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
    WHERE h.document_id = (SELECT document_id FROM highlights WHERE id = OLD.highlight_id)
      AND h.status = 'anchored'
    GROUP BY hc.code_id;
END;

-- A document moved to the trash holds no coded documents; restored, it holds them again.
CREATE TRIGGER coded_documents_document_trash AFTER UPDATE OF deleted_at ON documents
WHEN OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
    DELETE FROM coded_documents WHERE document_id = NEW.id;
    INSERT INTO coded_documents (code_id, document_id, passages)
    SELECT hc.code_id, h.document_id, COUNT(*)
    FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
    WHERE h.document_id = NEW.id AND h.status = 'anchored' AND NEW.deleted_at IS NULL
    GROUP BY hc.code_id;
END;

INSERT INTO coded_documents (code_id, document_id, passages)
SELECT hc.code_id, h.document_id, COUNT(*)
FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
WHERE h.status = 'anchored'
GROUP BY hc.code_id, h.document_id;

-- A code's children, read when a theme gathers its codes' subtrees.
CREATE INDEX codes_parent ON codes (parent_id) WHERE parent_id IS NOT NULL;
