"""Full-text search in Cyrillic, Armenian and Azerbaijani Latin, and the migration of old stores."""

import sqlite_utils

from storage import SCHEMA_VERSION, Store, VersionRecord

ARTICLES = {
    "ru": ("Обстрел у Степанакерта", "Минобороны Армении сообщило о раненых военнослужащих в Карабахе."),
    "hy": ("Հրետակոծություն Ստեփանակերտում", "Հայաստանի պաշտպանության նախարարությունը հայտնել է վիրավորների մասին։"),
    "az": ("Qarabağda mina partlayışı", "Şuşa yolunda iki hərbi qulluqçu yaralanıb, Laçın istiqamətində."),
}


def record(lang):
    headline, body = ARTICLES[lang]
    url = f"http://127.0.0.1/{lang}"
    return VersionRecord(
        article={"canonical_url": url, "url": url, "source": lang, "headline": headline, "body_text": body,
                 "content_hash": lang, "first_seen_at": "t1", "last_checked_at": "t1", "language": lang},
        version={"fetched_at": "t1", "content_hash": lang, "headline": headline, "body_text": body,
                 "changed_fields": '["created"]'},
        sections=[{"heading": None, "text": body}], figures=[], links=[], alerts=[])


def search(store, query):
    rows = store.db.query("select a.language from articles_fts join articles a on a.id = articles_fts.rowid "
                          "where articles_fts match ? order by a.language", [query])
    return [r["language"] for r in rows]


def test_queries_in_each_script(db_path):
    with Store.open(db_path) as store:
        for lang in ARTICLES:
            store.save_version(record(lang), None)
        assert search(store, "степанакерта") == ["ru"]
        assert search(store, "КАРАБАХ*") == ["ru"]                  # prefix for inflected forms
        assert search(store, '"раненых военнослужащих"') == ["ru"]
        assert search(store, "Ստեփանակերտում") == ["hy"]
        assert search(store, "ՀԱՅԱՍՏԱՆԻ") == ["hy"]                  # Armenian case folding
        assert search(store, "Qarabağda") == ["az"]
        assert search(store, "qarabagda") == ["az"]                 # diacritics removed
        assert search(store, "susa") == ["az"] and search(store, "ŞUŞA") == ["az"]
        assert search(store, "yaralan*") == ["az"]


def test_an_old_store_is_migrated_and_keeps_its_rows(db_path):
    with Store.open(db_path) as store:
        store.save_version(record("az"), None)
    db = sqlite_utils.Database(db_path)                     # make it look like a version-4 store
    db.table("articles").enable_fts(["headline", "body_text"], create_triggers=True, replace=True)
    db.execute("pragma user_version = 4")
    db.conn.commit()
    assert db.execute("select count(*) from articles_fts where articles_fts match 'qarabagda'").fetchone()[0] == 1
    assert "remove_diacritics 2" not in db.execute(
        "select sql from sqlite_master where name = 'articles_fts'").fetchone()[0]
    db.conn.close()
    with Store.open(db_path) as store:
        assert store.db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
        assert "remove_diacritics 2" in store.db.execute(
            "select sql from sqlite_master where name = 'articles_fts'").fetchone()[0]
        assert search(store, "Laçın") == ["az"]
        store.save_version(record("ru"), None)                 # the triggers still index new rows
        assert search(store, "Армении") == ["ru"]
