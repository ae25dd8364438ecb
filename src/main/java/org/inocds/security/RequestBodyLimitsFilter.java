package org.inocds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request body, whatever reads it (the CDS endpoints, the FHIR sandbox, Spring): at most
 * {@code inocds.limits.max-body-size} bytes — a larger declared length is answered 413 before a byte is read — and
 * all of it within {@code inocds.limits.body-read-timeout} of the request's arrival, however it is paced: a body
 * that drips one byte before each socket timeout resets that timeout, never this deadline. Past either bound the
 * reader gets {@link TooLarge} or {@link TooSlow} (both {@link IOException}s); the connection is then closed by
 * {@link ClientConnectionValve}, since the rest of the body is never read.
 */
public final class RequestBodyLimitsFilter extends OncePerRequestFilter {

    /** The body is larger than the limit. */
    public static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    /** The body did not arrive whole within the deadline. */
    public static final class TooSlow extends IOException {
        TooSlow(Duration timeout) {
            super("request body not received within " + timeout.toSeconds() + " s");
        }
    }

    private static final String TOO_LARGE = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"too-long\",\"diagnostics\":\"request body larger than %d bytes\"}]}";

    private final long maxBytes;
    private final Duration timeout;

    RequestBodyLimitsFilter(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setStatus(413);
            response.setContentType("application/fhir+json;charset=UTF-8");
            response.getWriter().write(TOO_LARGE.formatted(maxBytes));
            return;
        }
        chain.doFilter(new Bounded(request, maxBytes, System.nanoTime() + timeout.toNanos(), timeout), response);
    }

    private static final class Bounded extends HttpServletRequestWrapper {

        private final long maxBytes;
        private final long deadline;
        private final Duration timeout;
        private ServletInputStream stream;
        private BufferedReader reader;

        Bounded(HttpServletRequest request, long maxBytes, long deadline, Duration timeout) {
            super(request);
            this.maxBytes = maxBytes;
            this.deadline = deadline;
            this.timeout = timeout;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (reader != null) {
                throw new IllegalStateException("getReader() has already been called");
            }
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                if (stream != null) {
                    throw new IllegalStateException("getInputStream() has already been called");
                }
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(new LimitedStream(super.getInputStream()), charset));
            }
            return reader;
        }

        private final class LimitedStream extends ServletInputStream {

            private final ServletInputStream in;
            private long count;

            LimitedStream(ServletInputStream in) {
                this.in = in;
            }

            private int counted(int n) throws IOException {
                if (n > 0) {
                    count += n;
                    if (count > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                }
                if (n >= 0 && System.nanoTime() > deadline) {
                    throw new TooSlow(timeout);
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                counted(b < 0 ? -1 : 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return counted(in.read(b, off, len));
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }
}
