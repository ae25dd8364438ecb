package org.inocds.it;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.dao.FulltextSearchSvcImpl;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The smallest HAPI FHIR JPA server that serves the scenario suite: R4, in-memory H2, no full-text search, pages of 20
 * (HAPI JPA's default, here also the most a client may ask for) and its search cache as it ships (identical searches
 * reused for 60 s unless the client sends {@code Cache-Control: no-cache}). Run: {@code java -cp … org.inocds.it.HapiJpaServer
 * --server.port=18200}; the FHIR base is {@code /fhir}.
 */
@SpringBootApplication(exclude = {HibernateJpaAutoConfiguration.class, org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration.class})
@Import({JpaR4Config.class, HapiJpaConfig.class, ThreadPoolFactoryConfig.class, ca.uhn.fhir.jpa.batch2.JpaBatch2Config.class,
        ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig.class, ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig.class})
public class HapiJpaServer {

    public static void main(String[] args) {
        SpringApplication.run(HapiJpaServer.class, args);
    }

    @Bean
    public JpaStorageSettings storageSettings() {
        var settings = new JpaStorageSettings();
        settings.setAllowExternalReferences(true);
        return settings;
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    public IFulltextSearchSvc fullTextSearchSvc() {
        return new FulltextSearchSvcImpl();
    }

    @Bean
    public IStaleSearchDeletingSvc staleSearchDeletingSvc() {
        return new StaleSearchDeletingSvcImpl();
    }

    /** Pages of 20, whatever _count a client asks for (HAPI JPA's default page size, here also its maximum). */
    @Bean
    public DatabaseBackedPagingProvider databaseBackedPagingProvider() {
        var paging = new DatabaseBackedPagingProvider();
        paging.setDefaultPageSize(20);
        paging.setMaximumPageSize(20);
        return paging;
    }

    @Bean
    public IResourceSupportedSvc resourceSupportedSvc(DaoRegistry daos) {
        return new DaoRegistryResourceSupportedSvc(daos);
    }

    @Bean(name = "myResourceCountsCache")
    public ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
        return ResourceCountCacheUtil.newResourceCountCache(systemDao);
    }

    @Primary
    @Bean
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beans, FhirContext fhir,
            JpaStorageSettings settings, DataSource dataSource) {
        var factory = HapiEntityManagerFactoryUtil.newEntityManagerFactory(beans, fhir, settings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaPropertyMap(Map.of(
                "hibernate.dialect", HapiFhirH2Dialect.class.getName(),
                "hibernate.hbm2ddl.auto", "update",
                "hibernate.search.enabled", "false",
                "hibernate.archive.scanner", "org.hibernate.boot.archive.scan.internal.DisabledScanner"));
        return factory;
    }

    @Bean
    @Primary
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext fhir, ResourceProviderFactory resourceProviders,
            DatabaseBackedPagingProvider paging, ca.uhn.fhir.jpa.provider.JpaSystemProvider<?, ?> system) {
        var server = new RestfulServer(fhir);
        server.setResourceProviders(resourceProviders.createProviders().stream().map(p -> (IResourceProvider) p).toList());
        server.registerProvider(system);
        server.setPagingProvider(paging);
        return new ServletRegistrationBean<>(server, "/fhir/*");
    }
}
