package dev.floe.cli;

import dev.floe.catalog.FloeConfig;
import dev.floe.spark.SparkEngine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --engine}: where a maintenance job runs, in Floe (default) or on Apache Spark 3.5. */
final class EngineOptions {
  enum Engine {
    FLOE,
    SPARK
  }

  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      defaultValue = "floe",
      description =
          "floe (default) or spark: run the job with Iceberg's Spark actions on Apache Spark 3.5,"
              + " Floe's rules kept (pins never expired, the ledger carried; compact and maintain also"
              + " on a branch, db.t@exp, never on a tag)."
              + " Spark comes from SPARK_HOME (or floe.spark.home) and/or --spark-classpath, with"
              + " iceberg-spark-runtime-3.5_2.12 among its jars; master from floe.spark.master"
              + " (default local[*]).")
  Engine engine;

  @Option(
      names = "--spark-classpath",
      paramLabel = "PATH",
      description =
          "Jars for Spark (':'-separated; dir/* for a folder), after SPARK_HOME's; else"
              + " floe.spark.classpath.")
  String sparkClasspath;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  boolean spark() {
    if (engine != Engine.SPARK && sparkClasspath != null) {
      throw new ParameterException(command.commandLine(), "--spark-classpath needs --engine spark");
    }
    return engine == Engine.SPARK;
  }

  /** Starts (or joins) Spark for the lakehouse of {@code config}. */
  SparkEngine start(FloeConfig config) {
    return SparkEngine.builder(config)
        .environment(CliEnvironment.of(command).env())
        .classpath(sparkClasspath)
        .start();
  }

  /** Refuses what the Spark engine does not do, naming the option: a usage error. */
  void refuse(boolean given, String what) {
    if (given) {
      throw new ParameterException(
          command.commandLine(),
          "Cannot use " + what + " with --engine spark: it runs on the floe engine only");
    }
  }
}
