# Build and run the service in a container (used by docker-compose.yml).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/inotuzumab-cds-*.jar /tmp/inotuzumab-cds.jar
# Class data sharing (README "Performance": start to ready about 30 % sooner; scripts/start-time.sh measures the same
# steps): the jar extracted, then a training start that stops once the context is refreshed writes the archive. Its
# database is in memory, so that the image keeps nothing of it but the archive.
RUN java -Djarmode=tools -jar /tmp/inotuzumab-cds.jar extract --destination /app && rm /tmp/inotuzumab-cds.jar \
 && java -XX:ArchiveClassesAtExit=/app/app.jsa -Dspring.context.exit=onRefresh -jar /app/inotuzumab-cds.jar \
      --spring.datasource.url=jdbc:h2:mem:training --server.port=0
EXPOSE 8080
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/inotuzumab-cds.jar"]
