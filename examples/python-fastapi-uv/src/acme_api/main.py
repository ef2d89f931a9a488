"""The ASGI application: `uvicorn acme_api.main:app`."""

from fastapi import FastAPI

from acme_api.routes import router

app = FastAPI(
    title="Acme orders",
    version="0.3.0",
)
app.include_router(router)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
