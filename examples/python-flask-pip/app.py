"""A Flask API whose application object is called `api`, not `app`."""

from flask import Flask, jsonify

api = Flask(__name__)


@api.get("/")
def index():
    return jsonify(status="ok", service="flask-pip")


@api.get("/healthz")
def healthz():
    return "ok\n"


if __name__ == "__main__":
    # Development only; the image runs gunicorn.
    api.run(debug=True)
