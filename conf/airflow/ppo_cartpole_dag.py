"""Example Airflow DAG: train CartPole-v1 with spark-ppo once a day on a Spark cluster.

The task passes SparkSubmitOperator the same arguments ./submit.sh passes spark-submit: the
application jar, the main class, the properties file, and the job's own arguments. The run id is
taken from the logical date, so when Airflow retries a failed task the job resumes from that run's
last checkpoint instead of starting over (see the README: "Running on a schedule").

Exit status of the job: 0 success, 1 training failure (retrying may help), 2 bad input (a config
key, option, checkpoint or output folder was refused; retrying will not help, fix the input).

Needs the apache-airflow-providers-apache-spark package and an Airflow connection "spark_ppo"
whose host is the Spark master (e.g. spark://spark-master:7077).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

PPO_HOME = "/opt/spark-ppo"  # a checkout where `mvn -B -DskipTests package` has built the jar

with DAG(
    dag_id="spark_ppo_cartpole",
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["reinforcement-learning", "spark-ppo"],
) as dag:
    SparkSubmitOperator(
        task_id="train_cartpole",
        conn_id="spark_ppo",
        application=f"{PPO_HOME}/job/target/spark-ppo.jar",
        java_class="org.sparkppo.cli.PpoMain",
        properties_file=f"{PPO_HOME}/conf/spark/cluster.properties",
        env_vars={"OMP_NUM_THREADS": "1"},
        application_args=[
            "train",
            "--config", f"{PPO_HOME}/conf/ppo/cartpole.conf",
            # One run directory per logical date: a retry of the same date resumes it.
            "--run-id", "cartpole-{{ ds_nodash }}",
            "--output-dir", "hdfs:///user/airflow/spark-ppo/runs",
        ],
    )
