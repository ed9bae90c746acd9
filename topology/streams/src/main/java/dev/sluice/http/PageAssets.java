package dev.sluice.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The control page's files, served from the jar (nothing is fetched from elsewhere at run time). Only the listed
 * names are served, so no path reaches anything else on the class path. The content security policy allows scripts,
 * styles and requests to this origin alone, a second line behind the page's own escaping.
 */
final class PageAssets {
    private static final String ROOT = "/dev/sluice/http/page/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "control.js", "text/javascript; charset=utf-8",
            "control.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private PageAssets() {
    }

    static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String name = path.equals("/") ? "index.html" : path.startsWith("/page/") ? path.substring(6) : "";
        String type = TYPES.get(name);
        if (type == null) {
            SluiceHttpServer.respond(exchange, 404, "text/plain", "not found");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            SluiceHttpServer.respond(exchange, 405, "text/plain", "GET only");
            return;
        }
        byte[] body;
        try (InputStream in = PageAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IOException("missing page resource " + name);
            }
            body = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
