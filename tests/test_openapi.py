"""The OpenAPI description at /api/openapi.json against the API's real answers.

Every request below goes through the app; its answer (status, headers,
JSON body) is validated against the description with openapi-core, so the
document cannot drift from what the server sends.
"""

from __future__ import annotations

import json

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import (
    WerkzeugOpenAPIRequest,
    WerkzeugOpenAPIResponse,
)
from openapi_spec_validator import validate
from werkzeug.test import EnvironBuilder

from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def spec_dict() -> dict:
    from webapp.api import OPENAPI

    return json.loads(OPENAPI)


@pytest.fixture(scope="module")
def openapi(spec_dict) -> OpenAPI:
    return OpenAPI.from_dict(spec_dict)


def checked(openapi: OpenAPI, response, status: int):
    """The response, after checking its status and that the description holds."""
    assert response.status_code == status, response.get_data(True)
    sent = response.request
    # The operation is found from the method and URL; the body sent was read.
    request = EnvironBuilder(
        method=sent.method, path=sent.path, query_string=sent.query_string.decode()
    ).get_request()
    openapi.validate_response(
        WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response)
    )
    return response.get_json()


def test_the_description_is_valid_openapi_3_1(ro_client, spec_dict):
    served = ro_client.get("/api/openapi.json")
    assert served.status_code == 200
    assert served.mimetype == "application/json"
    assert served.get_json() == spec_dict
    validate(spec_dict)
    assert spec_dict["openapi"].startswith("3.1")


@pytest.mark.parametrize(
    "url",
    [
        "/api/search?q=gout",
        "/api/search?q=heart+atack",  # a correction
        "/api/search?q=goutt",  # showing the correction's results
        "/api/search?q=gout&section=treatment&section=Definition&source=corpus",
        "/api/search?q=section:treatment+gout&per_entry=auto&exact=1",
        "/api/search?q=gout&entry=gout&page=2&per_page=1",
        "/api/search?q=",
        "/api/search?q=" + "word+" * 60,  # notices
        "/api/entries/gout",
        "/api/synonyms?term=podagra",
        "/api/synonyms?term=zzzqqq",
        "/api/synonyms?term=kidney+stone",  # read as "kidney stones"
        "/api/suggest?q=go&limit=3",
        "/api/stats",
        "/healthz",
    ],
)
def test_reads_match_the_description(ro_client, openapi, url):
    checked(openapi, ro_client.get(url), 200)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/search?q=gout&page=0", 400),
        ("/api/search?q=gout&per_entry=11", 400),
        ("/api/search?q=gout&section=Nowhere", 400),
        ("/api/search?q=gout&source=Mayo", 400),
        ("/api/entries/nope", 404),
        ("/api/synonyms?term=", 400),
        ("/api/suggest?q=a&limit=0", 400),
    ],
)
def test_errors_match_the_description(ro_client, openapi, url, status):
    body = checked(openapi, ro_client.get(url), status)
    assert body["error"]["status"] == status


def test_writes_match_the_description(client, openapi):
    entry = {
        "title": "Chilblains",
        "alternative_names": ["Pernio"],
        "sections": [{"name": "Definition", "text": "Painful swelling after cold."}],
    }
    checked(openapi, client.put("/api/entries/chilblains", json=entry), 401)
    checked(
        openapi, client.put("/api/entries/chilblains", json=entry, headers=AUTH), 201
    )
    text = (
        "Chilblains\n\n  \u2022 Definition\n    \u2022 Painful swelling after cold.\n"
    )
    checked(
        openapi,
        client.put(
            "/api/entries/chilblains",
            data=text,
            content_type="text/plain",
            headers=AUTH,
        ),
        200,
    )
    checked(openapi, client.get("/api/entries/chilblains"), 200)
    checked(
        openapi, client.put("/api/entries/x", json={"title": ""}, headers=AUTH), 400
    )
    checked(openapi, client.delete("/api/entries/chilblains", headers=AUTH), 200)
    checked(openapi, client.delete("/api/entries/chilblains", headers=AUTH), 404)


def test_a_name_held_without_text_matches_the_description(client, openapi):
    """An entry known by name only (no sections) is named in the answer."""
    entry = {"title": "Quinsy", "alternative_names": ["Peritonsillar abscess"]}
    entry["sections"] = []
    checked(openapi, client.put("/api/entries/quinsy", json=entry, headers=AUTH), 201)
    body = checked(openapi, client.get("/api/search?q=peritonsillar+abscess"), 200)
    assert [e["entry_id"] for e in body["named_without_text"]] == ["quinsy"]


def test_a_hit_told_apart_from_its_namesakes_fits_the_description(tmp_path, openapi):
    from dataclasses import replace

    from indexer.build import build_index
    from webapp import create_app

    from .builders import make_entry, other_topics

    def summary(entry_id: str, slug: str):
        entry = make_entry(entry_id, "Gland Cancer", Summary=f"Gland cancer {slug}.")
        url = f"https://www.cancer.example/patient/gland-{slug}-pdq"
        return replace(entry, source="CancerGov", url=url)

    entries = [summary("n1", "treatment"), summary("n2", "screening"), *other_topics(3)]
    build_index(entries, tmp_path / "index")
    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True})
    data = checked(openapi, app.test_client().get("/api/search?q=gland+cancer"), 200)
    first = data["results"][0]
    assert first["qualifier"] in ("treatment", "screening")
    others = {o["qualifier"] for o in first["also_from"]}
    assert others | {first["qualifier"]} == {"treatment", "screening"}
