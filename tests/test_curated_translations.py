"""Curated text in the reader's language, with the official Chinese original kept beside it."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

HK = "/incidents/ali-hk-2022-12/"
AK = "/incidents/ali-global-2023-11-12/"
OFFICIAL = "工程师确认故障是 AK 服务异常导致"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=StringIO())


def page(client, url: str, language: str, by_cookie: bool = False) -> str:
    if by_cookie:
        client.cookies["django_language"] = language
        response = client.get(url)
    else:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_a_simplified_chinese_reader_gets_the_update_timeline_root_cause_and_notes_in_chinese(
    client, demo
):
    html = page(client, HK, "zh-hans")
    assert "可用区C的ECS实例开始关机。" in html
    assert "主备冷机均停止运行" in html
    assert "没有官方来源称此次故障导致了这一变动" in html
    assert "香港可用区C" in html and "中国香港" in html
    assert "本站翻译" in html


def test_a_traditional_chinese_reader_gets_traditional_text_by_the_language_cookie(client, demo):
    html = page(client, HK, "zh-hant", by_cookie=True)
    assert "主備冷機均停止運行" in html
    assert "沒有官方來源稱此次故障導致了這一變動" in html
    assert "香港可用區C" in html
    assert "本站翻譯" in html


def test_an_english_reader_sees_the_official_chinese_update_with_english_beside_it(client, demo):
    html = page(client, AK, "en")
    assert OFFICIAL in html
    assert "Engineers confirmed the fault was caused by the AccessKey (AK) service failing." in html
    assert "Tracker&#x27;s translation" in html or "Tracker's translation" in html
    # English curated text is the original for an English reader: no translation label on it.
    assert "Whitelist version corrected; AccessKey restarted in batches." in html
    assert "修正白名单版本" not in html


def test_a_chinese_reader_sees_the_official_wording_as_the_original_without_a_label(client, demo):
    html = page(client, AK, "zh-hans")
    assert OFFICIAL in html
    assert "Engineers confirmed the fault" not in html
    assert "全部地域（含金融云、政务云）" in html
    assert "放弃云业务完全分拆" in html


def test_a_chinese_reader_gets_corporate_event_titles_and_summaries_on_the_timeline(client, demo):
    html = page(client, "/", "zh-hans", by_cookie=True)
    assert "放弃云业务完全分拆" in html
    assert "理由是美国扩大了先进芯片出口管制" in html
    assert "Full cloud spin-off dropped" not in html


def test_the_api_carries_the_translations_beside_the_originals(client, demo):
    data = client.get("/api/v1/incidents/ali-global-2023-11-12/").json()
    update = next(u for u in data["updates"] if u["body"] == OFFICIAL)
    assert update["language"] == "zh-Hans" and update["body_en"].startswith("Engineers confirmed")
    assert data["root_cause_language"] == "en" and data["root_cause_zh_hans"].startswith(
        "AccessKey"
    )
    link = data["links"][0]
    assert link["note_zh_hans"].startswith("四天之后")
