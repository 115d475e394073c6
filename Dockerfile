# The mlsteps container image, for any CI:
#   docker run --rm -v "$PWD":/work -w /work mlsteps:<version> run Jenkinsfile
# Two stages: the project's own build makes the distribution (as for a release), then a slim Java runtime gets it
# in /opt/mlsteps with fonts for the charts and the tools pipelines' sh steps use most (curl, git).
#
# Built from public images (the defaults):
#   docker build -t mlsteps:<version> --build-arg MLSTEPS_COMMIT="$(git rev-parse HEAD)" .
# or from local base images where no image registry is reachable (.ci/docker-release-bases.sh makes them):
#   docker build --network host --build-arg BUILD_IMAGE=<jdk+maven image> --build-arg RUNTIME_IMAGE=<java image> ...
# BUILD_IMAGE needs a JDK 17+ and any Maven 3 on the PATH (./mvnw fetches the pinned Maven with it); RUNTIME_IMAGE
# needs java 17+ on the PATH and apt-get (Debian or Ubuntu). Works with BuildKit and with the legacy builder.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

# The sources, and apart from them what decides the dependencies: the POMs and the Maven wrapper.
FROM ${BUILD_IMAGE} AS sources
COPY . /src
RUN mkdir -p /poms && cd /src && find . -name pom.xml -not -path '*/target/*' -exec cp --parents {} /poms \; \
    && cp -r mvnw .mvn /poms/

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Every plugin and library the build uses, fetched by a build of the POMs alone: this layer is reused until a POM
# changes, so a change of sources does not download anything again.
COPY --from=sources /poms /src
RUN ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dassembly.skipAssembly=true \
        -Dmaven.antrun.skip=true -Dlicense.skipAddThirdParty=true -pl dist -am package
COPY --from=sources /src /src
ARG MLSTEPS_COMMIT=
# the same distribution a release ships, unpacked as a user installs it
RUN ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dgit.commit.id="${MLSTEPS_COMMIT}" \
        -pl dist -am package \
    && mkdir -p /opt && tar -xzf dist/target/mlsteps-*.tar.gz -C /opt && mv /opt/mlsteps-* /opt/mlsteps \
    && /opt/mlsteps/bin/mlsteps --version

FROM ${RUNTIME_IMAGE}
# fonts and the native libraries Java draws the PNG charts with; curl and git for sh steps and the build's commit
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl git \
        fontconfig fonts-dejavu-core libfreetype6 libharfbuzz0b liblcms2-2 \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory '*'
COPY --from=build /opt/mlsteps /opt/mlsteps
ARG MLSTEPS_COMMIT=
LABEL org.opencontainers.image.title="mlsteps" \
      org.opencontainers.image.description="ML stages for ordinary Jenkinsfiles and any CI" \
      org.opencontainers.image.source="https://github.com/mlsteps/mlsteps" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.revision="${MLSTEPS_COMMIT}"
# A container starts fresh, so start-up archives would be recorded on every run and never used: off, unless a
# cache volume keeps them (docs/ci-integration.md).
ENV PATH=/opt/mlsteps/bin:$PATH \
    MLSTEPS_CDS=off
WORKDIR /work
ENTRYPOINT ["mlsteps"]
CMD ["--help"]
