# Build and run the service in a container (used by docker-compose.yml and deploy/kubernetes/).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Dependencies first, in a layer of their own: it is rebuilt only when pom.xml or the wrapper changes, not at each
# change of the sources.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q dependency:go-offline
COPY . .
# The jar under a name without its version, the name the extracted layers and the ENTRYPOINT use.
RUN ./mvnw -B -q -DskipTests package && cp target/inotuzumab-cds-*.jar /src/inotuzumab-cds.jar \
 && java -Djarmode=tools -jar /src/inotuzumab-cds.jar extract --layers --destination /src/extracted

# The service is built for Java 17 and run on Java 25 for its ahead-of-time cache (JEP 514/515): classes loaded and
# linked, and method profiles, from a training start are mapped at every start — start to ready 4.7-5.4 s against
# 7.8-9.7 s without it on two cores (docs/performance.md, start; scripts/start-time.sh measures the same steps).
FROM eclipse-temurin:25-jre
# A user of its own, numeric so that Kubernetes can check runAsNonRoot (deploy/kubernetes/deployment.yaml runAsUser).
RUN groupadd --system --gid 10001 inocds && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin inocds
WORKDIR /app
# Spring Boot's layers, least changing first: the libraries' layer is reused as long as the dependencies are the same.
COPY --from=build /src/extracted/dependencies/ ./
COPY --from=build /src/extracted/spring-boot-loader/ ./
COPY --from=build /src/extracted/snapshot-dependencies/ ./
COPY --from=build /src/extracted/application/ ./
# A training start that stops once the context is refreshed writes the cache; its database is in memory, so that the
# image keeps nothing of it but the cache. The training runs with the GC the service runs with (deploy/kubernetes,
# and the JVM's own choice in a container under 1,792 MB). The cache is read-only for the service's user.
RUN java -XX:+UseSerialGC -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh -jar /app/inotuzumab-cds.jar \
      --spring.datasource.url=jdbc:h2:mem:training --server.port=0
# 8080: CDS calls. 8081: Actuator (probes, metrics) under the prod profile (management.server.port).
EXPOSE 8080 8081
ENV MALLOC_ARENA_MAX=2
USER 10001:10001
# A JVM whose heap ran out exits, to be restarted, rather than live on with dead threads (docs/performance.md, memory).
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/inotuzumab-cds.jar"]
