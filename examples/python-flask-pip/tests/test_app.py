from app import api


def test_index():
    client = api.test_client()
    assert client.get("/").json == {"status": "ok", "service": "flask-pip"}
