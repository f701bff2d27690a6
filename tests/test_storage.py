import os
import sqlite3
import stat

import pytest

from storage import SCHEMA_VERSION, Store, StoreError, VersionRecord

PUBLIC_TABLES = {"articles", "versions", "sections", "casualty_figures", "links", "alerts", "crawl_runs"}


def record(headline="Ceasefire agreed", body="155 soldiers killed", alerts=()):
    return VersionRecord(
        article={"canonical_url": "http://x/a", "url": "http://x/a", "source": "wire", "headline": headline,
                 "body_text": body, "content_hash": headline, "first_seen_at": "t1", "last_checked_at": "t1"},
        version={"fetched_at": "t1", "content_hash": headline, "headline": headline, "body_text": body,
                 "changed_fields": '["created"]'},
        sections=[{"heading": None, "text": body}],
        figures=[{"count": 155, "count_high": None, "qualifier": "exact", "category": "killed", "side": "both",
                  "victims": "soldiers", "sentence": body, "part": "section:0", "start": 0, "end": len(body),
                  "evidence": "[]"}],
        links=[{"url": "http://x/b", "canonical_url": "http://x/b", "text": "Read also", "kind": "related"}],
        alerts=list(alerts),
    )


def test_schema_wal_fk_fts(db_path):
    with Store.open(db_path) as store:
        names = set(store.db.table_names())
        assert PUBLIC_TABLES <= names and "articles_fts" in names
        assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1
        assert store.db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
        article_id, version_id, number = store.save_version(record(), None)
        assert number == 1
        hits = list(store.db.query("select rowid from articles_fts where articles_fts match 'ceasefire'"))
        assert [h["rowid"] for h in hits] == [article_id]
    # reopening is idempotent and keeps data
    with Store.open(db_path) as store:
        assert store.db.table("articles").count == 1


def test_versions_number_up(db_path):
    with Store.open(db_path) as store:
        aid, _, n1 = store.save_version(record(), None)
        _, vid, n2 = store.save_version(record(headline="Ceasefire holds", body="160 soldiers killed"), aid)
        assert (n1, n2) == (1, 2)
        assert store.db.table("articles").get(aid)["current_version"] == 2
        assert store.latest_version(aid)["headline"] == "Ceasefire holds"
        assert [f["count"] for f in store.latest_version(aid)["figures"]] == [155]


def test_failed_write_leaves_nothing_behind(db_path):
    bad_alert = {"alert_key": "k:{article_id}:{version}", "kind": "casualty_change"}  # message/created_at missing
    with Store.open(db_path) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.save_version(record(alerts=[bad_alert]), None)
        for table in ("articles", "versions", "sections", "casualty_figures", "links", "alerts"):
            assert store.db.table(table).count == 0, table


def test_same_alert_key_is_stored_once(db_path):
    alert = {"alert_key": "casualty_change:{article_id}:{version}:x", "kind": "casualty_change",
             "message": "m", "created_at": "t"}
    with Store.open(db_path) as store:
        aid, _, _ = store.save_version(record(alerts=[alert, dict(alert)]), None)
        assert store.db.table("alerts").count == 1


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "no" / "such" / "dir" / "m.db"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_a_clear_error(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError, match="cannot open database"):
            Store.open(str(ro / "m.db"))
    finally:
        ro.chmod(stat.S_IRWXU)


def test_directory_in_place_of_file_is_a_clear_error(tmp_path):
    (tmp_path / "m.db").mkdir()
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(str(tmp_path / "m.db"))


def test_not_a_database_is_a_clear_error_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(str(path))
    assert path.read_bytes() == before


def test_locked_database_times_out_cleanly_and_loses_nothing(db_path):
    with Store.open(db_path) as store:
        aid, _, _ = store.save_version(record(), None)
    locker = sqlite3.connect(db_path)
    locker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with Store.open(db_path, busy_timeout=0.2) as store:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                store.save_version(record(headline="Second", body="160 killed"), aid)
    finally:
        locker.rollback()
        locker.close()
    with Store.open(db_path) as store:
        assert store.db.table("versions").count == 1
        assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
        store.save_version(record(headline="Second", body="160 killed"), aid)
        assert store.db.table("versions").count == 2


def test_readonly_open_of_missing_db(tmp_path):
    with pytest.raises(StoreError, match="no such file"):
        Store.open(str(tmp_path / "missing.db"), readonly=True)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_path_where_no_file_can_be_created_is_a_clear_error():
    # Works as root too: nobody can create files in /proc.
    with pytest.raises(StoreError, match="cannot open database /proc/monitor.db"):
        Store.open("/proc/monitor.db")


def test_parent_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "file" / "m.db"))


def test_database_from_a_newer_monitor_is_refused_untouched(db_path):
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"pragma user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer monitor"):
        Store.open(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()
