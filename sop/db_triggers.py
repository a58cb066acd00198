"""Database triggers that keep established versions unchangeable on every path.

The models refuse such changes with a clear message; these triggers make the database refuse them
too, so that a queryset update, a cascade, the admin or raw SQL cannot alter a signed record. A
frozen version may still move its status along the table (established -> in force -> superseded
or revoked) and touch its bookkeeping columns (updated_at, lock_version, search_text).

They are installed after every ``migrate`` (and ``flush``) and dropped before it, not inside a
migration: SQLite rebuilds a table to change it, and a trigger that names the table being rebuilt
would break that rebuild.
"""

FROZEN = "('established', 'in_force', 'superseded', 'revoked')"
ALLOWED_MOVES = {  # status -> statuses a frozen version may take next (itself included)
    "established": ("established", "in_force"),
    "in_force": ("in_force", "superseded", "revoked"),
    "superseded": ("superseded",),
    "revoked": ("revoked",),
}
PROTECTED = [
    "sop_id",
    "revision",
    "date_created",
    "date_revised",
    "date_effective",
    "signer_name",
    "signer_nip",
    "signer_position",
    "established_at",
    "content_hash",
    "content_snapshot",
    "service_time",
    "purpose",
    "scope",
    "definitions",
    "created_by_id",
    "updated_by_id",
]
PARTS = [
    "sop_actor",
    "sop_step",
    "sop_stepactor",
    "sop_listitem",
    "sop_legalbasis",
    "sop_relatedsop",
    "sop_versionattachment",
]
MESSAGE = "esop: versi SOP yang sudah ditetapkan tidak dapat diubah"


def _bad_move(old: str, new: str) -> str:
    return " OR ".join(
        f"({old}.status = '{s}' AND {new}.status NOT IN ({', '.join(repr(t) for t in allowed)}))"
        for s, allowed in ALLOWED_MOVES.items()
    )


def sqlite_statements() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in PROTECTED)
    statements = [
        f"""CREATE TRIGGER esop_frozen_version_update BEFORE UPDATE ON sop_sopversion
            WHEN OLD.status IN {FROZEN} AND ({changed} OR {_bad_move("OLD", "NEW")})
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER esop_frozen_version_delete BEFORE DELETE ON sop_sopversion
            WHEN OLD.status IN {FROZEN}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]
    for table in PARTS:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            statements.append(
                f"""CREATE TRIGGER esop_frozen_{table}_{event.lower()} BEFORE {event} ON {table}
                    WHEN (SELECT status FROM sop_sopversion WHERE id = {row}.version_id) IN {FROZEN}
                    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
            )
        # Moving a part from a draft into a frozen version is a change of that version too.
        statements.append(
            f"""CREATE TRIGGER esop_frozen_{table}_update_target BEFORE UPDATE ON {table}
                WHEN (SELECT status FROM sop_sopversion WHERE id = NEW.version_id) IN {FROZEN}
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
        )
    return statements


def postgresql_statements() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in PROTECTED)
    statements = [
        f"""CREATE FUNCTION esop_refuse_frozen_version() RETURNS trigger AS $$
        BEGIN
            IF OLD.status IN {FROZEN} THEN
                IF TG_OP = 'DELETE' OR {changed} OR {_bad_move("OLD", "NEW")} THEN
                    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER esop_frozen_version BEFORE UPDATE OR DELETE ON sop_sopversion
           FOR EACH ROW EXECUTE FUNCTION esop_refuse_frozen_version()""",
        f"""CREATE FUNCTION esop_refuse_frozen_part() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' AND EXISTS (
                SELECT 1 FROM sop_sopversion WHERE id = OLD.version_id AND status IN {FROZEN}) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP <> 'DELETE' AND EXISTS (
                SELECT 1 FROM sop_sopversion WHERE id = NEW.version_id AND status IN {FROZEN}) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
    ]
    for table in PARTS:
        statements.append(
            f"""CREATE TRIGGER esop_frozen_part BEFORE INSERT OR UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION esop_refuse_frozen_part()"""
        )
    return statements


def drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":  # dropping the functions drops the triggers that call them
        return [
            "DROP FUNCTION IF EXISTS esop_refuse_frozen_version() CASCADE",
            "DROP FUNCTION IF EXISTS esop_refuse_frozen_part() CASCADE",
        ]
    names = ["esop_frozen_version_update", "esop_frozen_version_delete"] + [
        f"esop_frozen_{t}_{e}" for t in PARTS for e in ("insert", "update", "delete", "update_target")
    ]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names]


def install(connection) -> None:
    """(Re)create every trigger; safe to run any number of times."""
    statements = {"postgresql": postgresql_statements, "sqlite": sqlite_statements}.get(connection.vendor)
    if statements is None:
        return
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor) + statements():
            cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
