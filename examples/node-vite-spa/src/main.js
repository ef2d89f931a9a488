// Client-side routing: every path renders here, so the web server must
// answer unknown paths with index.html.
const app = document.querySelector("#app");
app.dataset.path = window.location.pathname;
