# Build and run the service in a container (used by docker-compose.yml).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package

# The service is built for Java 17 and run on Java 25 for its ahead-of-time cache (JEP 514/515): classes loaded and
# linked, and method profiles, from a training start are mapped at every start — start to ready 4.7-5.4 s against
# 7.8-9.7 s without it on two cores (README "Performance", start; scripts/start-time.sh measures the same steps).
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY --from=build /src/target/inotuzumab-cds-*.jar /tmp/inotuzumab-cds.jar
# The jar extracted, then a training start that stops once the context is refreshed writes the cache; its database is
# in memory, so that the image keeps nothing of it but the cache. The training runs with the GC the service runs with
# (deploy/kubernetes, and the JVM's own choice in a container under 1,792 MB).
RUN java -Djarmode=tools -jar /tmp/inotuzumab-cds.jar extract --destination /app && rm /tmp/inotuzumab-cds.jar \
 && java -XX:+UseSerialGC -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh -jar /app/inotuzumab-cds.jar \
      --spring.datasource.url=jdbc:h2:mem:training --server.port=0
EXPOSE 8080
ENV MALLOC_ARENA_MAX=2
# A JVM whose heap ran out exits, to be restarted, rather than live on with dead threads (README "Performance", memory).
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/inotuzumab-cds.jar"]
