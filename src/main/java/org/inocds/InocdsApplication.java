package org.inocds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** CDS Hooks 2.0 service for inotuzumab ozogamicin (ベスポンサ点滴静注用1mg). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InocdsApplication {
    public static void main(String[] args) {
        SpringApplication.run(InocdsApplication.class, args);
    }
}
