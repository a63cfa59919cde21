"""The results page, the API and `testimony search --json` say who, where and
when for each result, give the narrator's words before the interviewer's
question, read chapters as 'title — synopsis', put an accession typed as the
query first as the exact match, and put the facets before the results
behind a 'Show filters' link that works without script."""

from __future__ import annotations

import json
import re

import pytest

from ingest.pipeline import run_ingest
from tests.collections import make_collection
from tests.conftest import TODAY, fresh_settings, initialised
from web.app import create_app

SPEAKERS = [
    {
        "id": "naima-k",
        "name": "Naima Khedouri",
        "name_variants": ["Na'ima Kedourie"],
        "origin_countries": ["IQ"],
        "destinations": ["IL"],
        "languages": ["ar", "en"],
        "biography": "Born in 1934 in the Taht al-Takia quarter.",
    }
]
TRANSCRIPTS = {
    "t/RV-0001-1.txt": (
        "[00:00:00] HILA: Tell me about the Farhud.\n"
        "[00:00:04] NAIMA: The Farhud came on Shavuot. We were on the roof all night, my "
        "mother, my brothers and me, and we heard the crowd in the street below.\n"
    ),
    "t/RV-0001-2.txt": "[00:00:00] NAIMA: After that we never spoke of it at home.\n",
    "t/RV-0002.txt": "[00:00:00] NAIMA: A sequel, in the same house.\n",
}


def entry(accession: str, transcript, audio, **extra) -> dict:
    return {
        "accession": accession,
        "title": f"Testimony {accession}",
        "speakers": ["naima-k"],
        "interviewers": ["Hila Marom"],
        "languages": ["en", "ar"],
        "countries": ["IQ"],
        "years": "1941-1951",
        "access": "public",
        "transcript": transcript,
        "audio": audio,
        **extra,
    }


MANIFEST = {
    "collection": {"id": "results-voices", "title": "Results voices", "fictional": True},
    "speakers": SPEAKERS,
    "testimonies": [
        entry(
            "RV-0001",
            ["t/RV-0001-1.txt", "t/RV-0001-2.txt"],
            ["a/RV-0001-1.wav", "a/RV-0001-2.wav"],
            chapters=[
                {
                    "start": "00:00:04",
                    "part": 1,
                    "title": "The roof",
                    "synopsis": "A night hiding during the riots.",
                    "keywords": ["Shavuot"],
                }
            ],
        ),
        entry(
            "RV-0002",
            "t/RV-0002.txt",
            ["a/RV-0002.wav"],
            summary="A sequel to RV-0001 and to the RV series.",
        ),
    ],
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("results-web")
    folder = make_collection(root / "results-voices", MANIFEST, TRANSCRIPTS, audio_seconds=10.0)
    settings = fresh_settings(root / "data")
    report = run_ingest(folder, sessions=initialised(settings), index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    return settings


@pytest.fixture(scope="module")
def web(data_dir):
    return create_app(data_dir, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()


def results_html(web, query: str) -> str:
    response = web.get("/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def result_items(html: str) -> list[str]:
    return re.findall(r'<li class="result">(.*?)</li>\s*(?=<li class="result">|</ol>)', html, re.S)


def test_each_result_says_who_where_and_when(web):
    [first] = result_items(results_html(web, "Farhud"))
    meta = re.search(r'<p class="meta">(.*?)</p>', first).group(1)
    assert meta == (
        'RV-0001 · <span class="result-facts">'
        "Naima Khedouri · from Iraq · 1941–1951 · 20 s, 2 parts · English, Arabic</span>"
    )


def test_the_narrators_answer_is_the_moment_not_the_question(web):
    [first] = result_items(results_html(web, "Farhud"))
    assert "#seg-1-1" in first and "Tell me about" not in first
    assert '<span class="speaker">NAIMA</span>' in first and "HILA" not in first


def test_a_chapter_moment_reads_title_dash_synopsis(web):
    [first] = result_items(results_html(web, "riots"))
    assert '<span class="moment-kind">Chapter</span>' in first
    assert "The roof — A night hiding during the <mark>riots</mark>. (Shavuot)" in first


def test_a_name_variant_match_is_shown_as_a_name_not_a_list(web):
    [first, _second] = result_items(results_html(web, "Kedourie"))
    about = re.search(r'<p class="about">(.*?)</p>', first).group(1)
    assert about == (
        "Naima Khedouri, also written Na'ima <mark>Kedourie</mark>: "
        "Born in 1934 in the Taht al-Takia quarter."
    )


def test_an_accession_query_puts_that_testimony_first_marked_exact(web):
    items = result_items(results_html(web, "rv-0001"))
    assert 'href="/testimonies/RV-0001"' in items[0]
    assert "Exact match for the accession number" in items[0]
    assert len(items) == 2 and "Exact match" not in items[1]


def test_the_api_marks_the_exact_match_and_describes_each_result(web):
    body = web.get("/api/search?q=RV-0001").get_json()
    first = body["results"][0]
    assert (first["accession"], first["exact_match"]) == ("RV-0001", True)
    assert [r["exact_match"] for r in body["results"][1:]] == [False]
    assert first["speakers"] == [{"id": "naima-k", "label": "Naima Khedouri"}]
    assert first["origin_countries"] == [{"id": "IQ", "label": "Iraq"}]
    assert (first["year_from"], first["year_to"], first["years"]) == (1941, 1951, "1941–1951")
    assert (first["duration"], first["parts"]) == (20.0, 2)
    assert [language["id"] for language in first["languages"]] == ["en", "ar"]


def test_the_cli_json_has_the_same_description_and_moment(cli, data_dir):
    payload = json.loads(cli("search", "Farhud", "--json", data_dir=data_dir.data_dir).output)
    hit = payload["results"][0]
    assert {"accession", "title", "score", "moments"} <= set(hit)  # as the README promises
    assert hit["moments"][0]["speaker_label"] == "NAIMA"
    assert hit["origin_countries"] == [{"id": "IQ", "label": "Iraq"}] and hit["parts"] == 2
    assert hit["exact_match"] is False
    exact = json.loads(cli("search", "RV-0002", "--json", data_dir=data_dir.data_dir).output)
    assert exact["results"][0]["accession"] == "RV-0002" and exact["results"][0]["exact_match"]


def test_the_facets_come_before_the_results_with_a_way_to_unfold_them(web):
    html = results_html(web, "Farhud OR sequel")
    facets, results = html.index('<aside class="facets" id="filters"'), html.index('id="results"')
    show = html.index('<a class="show-filters" href="#filters">Show filters</a>')
    assert facets < show < html.index('<section class="facet">') < results
    assert '<a class="hide-filters" href="#results">Hide filters</a>' in html
    filtered = web.get("/search?q=Farhud&country=IQ").get_data(as_text=True)
    assert '<a class="show-filters" href="#filters">Show filters (1 active)</a>' in filtered


def test_the_search_page_has_one_search_box(web):
    assert results_html(web, "Farhud").count('type="search"') == 1
