-- Word forms for the archive search (issue 4): "hakemus" must find "hakemuksen", "ansökan" must
-- find "ansökningar". PostgreSQL's snowball stemmers keep such forms apart (hakemus / hakemuks /
-- hakemu, ansökan / ansökning), so their stems are normalised once more by a few suffix rules for
-- the alternations they leave: Finnish -s/-kse- nouns (hakemus, päätös, selvitys), -us/-ude-
-- (kotitalous, etuus), -as/-aa- (asiakas), nt/nn gradation (asunto, ruokakunta), -e/-tte-
-- (liite, lääke), -uki/-uen (toimeentulotuki); Swedish -an/-ning (ansökan, utredning), the
-- definite -an/-et (hyran, beslutet) and -ad/-ader (kostnad). One rule at most per stem, and only
-- on stems long enough that the rest stays a word (precision: tulo ≠ tulla, liite ≠ liitto,
-- tidning ≠ tid; modules/archive/word-forms.test.ts). The same rules run on the query
-- (search_normalize_query), so they must be deterministic and IMMUTABLE: the generated column
-- below uses them. SQL-standard bodies, so the functions are bound when created and a restore
-- with another search_path still works.
CREATE FUNCTION search_normalize_lexeme(lang text, lexeme text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE lang
  WHEN 'fi' THEN CASE
    WHEN length(lexeme) >= 5 AND lexeme ~ '[aeiouyäö]ks$' THEN left(lexeme, -2)
    WHEN length(lexeme) >= 5 AND lexeme ~ '[aeiouyäö][uy][dt]$' THEN left(lexeme, -1)
    WHEN length(lexeme) >= 5 AND lexeme ~ '[^aeiouyäö][aä]s$' THEN left(lexeme, -2)
    WHEN length(lexeme) >= 4 AND lexeme ~ '[aeiouyäö]s$' THEN left(lexeme, -1)
    WHEN length(lexeme) >= 4 AND lexeme ~ 'nt[aeiouyäö]?$'
      THEN regexp_replace(lexeme, 'nt([aeiouyäö]?)$', 'n\1')
    WHEN length(lexeme) >= 4 AND lexeme ~ '[^aeiouyäö]e$' THEN left(lexeme, -1)
    WHEN length(lexeme) >= 6 AND lexeme ~ 'u[ek]$' THEN left(lexeme, -1)
    ELSE lexeme END
  WHEN 'sv' THEN CASE
    WHEN length(lexeme) >= 8 AND lexeme ~ 'ning$' THEN left(lexeme, -4)
    WHEN length(lexeme) >= 5 AND lexeme ~ 'an$' THEN left(lexeme, -2)
    WHEN length(lexeme) >= 6 AND lexeme ~ '(et|ad)$' THEN left(lexeme, -2)
    ELSE lexeme END
  ELSE lexeme END;--> statement-breakpoint
-- A lexeme in the text form of tsvector and tsquery: quoted, ' and \ doubled.
CREATE FUNCTION search_quote_lexeme(lexeme text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''';--> statement-breakpoint
-- A tsvector with every lexeme normalised; positions kept (normalised twins merge theirs).
CREATE FUNCTION search_normalize_vector(lang text, vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
  SELECT coalesce(string_agg(
    search_quote_lexeme(search_normalize_lexeme(lang, v.lexeme))
      || CASE WHEN cardinality(v.positions) > 0
           THEN ':' || array_to_string(v.positions, ',') ELSE '' END,
    ' '), '')::tsvector
  FROM unnest(vector) AS v
);--> statement-breakpoint
-- A tsquery (e.g. from websearch_to_tsquery) with every lexeme normalised, operators kept: its
-- text form is split into quoted lexemes and everything between them.
CREATE FUNCTION search_normalize_query(lang text, query tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
  SELECT coalesce(string_agg(
    CASE WHEN r.m[1] IS NULL THEN r.m[2]
      ELSE search_quote_lexeme(search_normalize_lexeme(lang,
        replace(replace(r.m[1], '''''', ''''), '\\', '\')))
    END, '' ORDER BY r.n), '')::tsquery
  FROM regexp_matches(query::text, '''((?:[^'']|'''')*)''|([^'']+)', 'g') WITH ORDINALITY AS r(m, n)
);--> statement-breakpoint
-- The archive search's query: the user's text read by websearch_to_tsquery in both languages.
-- Where the two readings have the same shape (the usual case: no word is a stop word in one
-- language only), each word becomes (its Finnish form | its Swedish form), so operators apply to
-- the word in either language ("-hakemuksia" excludes every document with any form of it).
-- Otherwise the two normalised readings are joined with OR.
CREATE FUNCTION search_query(query text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
  WITH fi AS (
    SELECT r.n, r.m[1] AS lexeme, r.m[2] AS other
    FROM regexp_matches(websearch_to_tsquery('finnish'::regconfig, query)::text,
      '''((?:[^'']|'''')*)''|([^'']+)', 'g') WITH ORDINALITY AS r(m, n)
  ),
  sv AS (
    SELECT r.n, r.m[1] AS lexeme, r.m[2] AS other
    FROM regexp_matches(websearch_to_tsquery('swedish'::regconfig, query)::text,
      '''((?:[^'']|'''')*)''|([^'']+)', 'g') WITH ORDINALITY AS r(m, n)
  ),
  zipped AS (
    SELECT coalesce(fi.n, sv.n) AS n, fi.lexeme AS fi_lexeme, sv.lexeme AS sv_lexeme,
      fi.other AS fi_other, sv.other AS sv_other, fi.n IS NOT NULL AND sv.n IS NOT NULL
        AND (fi.lexeme IS NULL) = (sv.lexeme IS NULL)
        AND fi.other IS NOT DISTINCT FROM sv.other AS aligned
    FROM fi FULL JOIN sv ON fi.n = sv.n
  )
  SELECT CASE
    WHEN count(*) > 0 AND bool_and(aligned) THEN string_agg(
      CASE WHEN fi_lexeme IS NULL THEN fi_other
        ELSE '(' || search_quote_lexeme(search_normalize_lexeme('fi',
            replace(replace(fi_lexeme, '''''', ''''), '\\', '\')))
          || ' | ' || search_quote_lexeme(search_normalize_lexeme('sv',
            replace(replace(sv_lexeme, '''''', ''''), '\\', '\'))) || ')'
      END, '' ORDER BY n)::tsquery
    ELSE search_normalize_query('fi', websearch_to_tsquery('finnish'::regconfig, query))
      || search_normalize_query('sv', websearch_to_tsquery('swedish'::regconfig, query))
  END
  FROM zipped
);--> statement-breakpoint
-- The column's value: both languages' normalised stems. A tsvector must stay under 1 MB and the
-- two languages together take up to twice the room of one, so a text with very many distinct
-- words (tens of thousands: hundreds of dense pages) keeps the Finnish forms only rather than
-- failing the insert; one language alone fails where the stemmers' own vectors would.
CREATE FUNCTION search_forms_vector(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
  SELECT CASE WHEN length(v.fi) + length(v.sv) <= 40000 THEN v.fi || v.sv ELSE v.fi END
  FROM (SELECT search_normalize_vector('fi', to_tsvector('finnish'::regconfig, doc)) AS fi,
          search_normalize_vector('sv', to_tsvector('swedish'::regconfig, doc)) AS sv) AS v
);--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "search_forms" "tsvector" GENERATED ALWAYS AS (search_forms_vector(coalesce(title, '') || ' ' || coalesce(content_text, ''))) STORED;--> statement-breakpoint
CREATE INDEX "documents_type_disposal" ON "documents" USING btree ("type","disposal_date");--> statement-breakpoint
CREATE INDEX "documents_search_forms" ON "documents" USING gin ("search_forms");