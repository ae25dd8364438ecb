# Build and run the service in a container (used by docker-compose.yml).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/inotuzumab-cds-*.jar /app/inotuzumab-cds.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/inotuzumab-cds.jar"]
