-- docker-compose: the PostgreSQL container creates the HAPI database itself; this adds the service's own.
CREATE DATABASE inocds OWNER fhir;
