package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URL;

public interface StaplerResponse2 extends HttpServletResponse {
    void serveFile(StaplerRequest2 request, URL res, long expiration) throws ServletException, IOException;
}
