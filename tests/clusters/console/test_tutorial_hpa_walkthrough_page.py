"""kubernetes.io's HorizontalPodAutoscaler Walkthrough, typed unchanged, its manifest pasted.

kubernetes/website content/en/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough.md

The page runs its load generator "in a separate terminal" and stops it with Ctrl-C there.
This console has one terminal: ``kubectl run -i --tty ... --rm`` follows the generator's
output for 30 virtual seconds, then the pod runs on as if in that second terminal, and a
note says that ``kubectl delete pod load-generator`` stops it (what Ctrl-C and --rm would
do). Its wget loop is load on the php-apache Service (clusters/metrics/load.py), which
raises php-apache's CPU in the metrics model, so the HPA scales up, and back down once the
generator is gone. The php-apache manifest below is written here to describe the page's.
"""
from clusters import Cluster

PHP_APACHE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
"""
LOAD = ('kubectl run -i --tty load-generator --rm --image=busybox:1.28 --restart=Never -- '
        '/bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"')


def hpa_rows(text):
    """(TARGETS, REPLICAS) of each row of ``kubectl get hpa``."""
    rows = []
    for line in text.splitlines()[1:]:
        cells = line.split()
        rows.append((" ".join(cells[2:4]), int(cells[6])))
    return rows


def percent(target):
    return int(target.split(": ")[1].split("%")[0])


def test_it_scales_php_apache_up_under_load_and_back_down_once_the_load_stops():
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{PHP_APACHE}EOF").text == \
        "deployment.apps/php-apache created\nservice/php-apache created\n"
    c.run("sim advance 30s")
    assert c.run("kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10").text == \
        "horizontalpodautoscaler.autoscaling/php-apache autoscaled\n"
    c.run("sim advance 30s")
    listed = c.run("kubectl get hpa").text.splitlines()
    assert listed[0].split() == ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]
    assert listed[1].split()[:7] == ["php-apache", "Deployment/php-apache", "cpu:", "0%/50%", "1", "10", "1"]
    # The generator runs on after the console stops following it; the note says how to stop it.
    out = c.run(LOAD)
    assert "OK!" in out.text
    assert out.text.endswith(
        "This console is not a terminal: pod/load-generator keeps running after 30s; "
        "'kubectl logs -f load-generator' shows more.\n"
        "To stop it, as Ctrl-C would with --rm: 'kubectl delete pod load-generator'.\n")
    watched = hpa_rows(c.run("kubectl get hpa php-apache --watch").text)
    assert max(percent(t) for t, _ in watched) > 50  # CPU consumption well above the target
    assert watched[-1][1] > watched[0][1] >= 1  # and the Deployment resized to more replicas
    c.run("kubectl get hpa php-apache --watch")
    ready, up_to_date = c.run("kubectl get deployment php-apache").text.splitlines()[1].split()[1:3]
    replicas = int(up_to_date)
    assert replicas >= 5 and ready == f"{replicas}/{replicas}"
    # Ctrl-C in the generator's terminal, here:
    assert c.run("kubectl delete pod load-generator").text == 'pod "load-generator" deleted\n'
    assert percent(hpa_rows(c.run("kubectl get hpa php-apache --watch").text)[-1][0]) == 0
    # "Autoscaling the replicas may take a few minutes": the learner watches again.
    for _ in range(6):
        last = hpa_rows(c.run("kubectl get hpa php-apache --watch").text)[-1]
        if last[1] == 1:
            break
    assert last == ("cpu: 0%/50%", 1)
    assert c.run("kubectl get deployment php-apache").text.splitlines()[1].split()[1:4] == ["1/1", "1", "1"]
    # Autoscaling on multiple metrics: the HPA in its autoscaling/v2 form.
    assert c.run("kubectl get hpa php-apache -o yaml > /tmp/hpa-v2.yaml").text == ""
    saved = c.run("cat /tmp/hpa-v2.yaml").text
    assert saved.startswith("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n")
    assert ("  metrics:\n  - resource:\n      name: cpu\n      target:\n        averageUtilization: 50\n"
            "        type: Utilization\n    type: Resource\n") in saved
